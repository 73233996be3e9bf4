using BenchmarkDotNet.Attributes;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Benchmarks;

/// <summary>
/// Replication in-process: the real engine (two tablets, each a <see cref="Replica"/> and a
/// <see cref="Replicator"/>, and a Greengrass <see cref="Replica"/> behind a
/// <see cref="ReplicationServer"/>) on the simulator's <see cref="VirtualNetwork"/> over LAN
/// links, as in the simulator's hotel tests; and the protocol codec on its own.
/// </summary>
/// <remarks>
/// These are wall-clock costs: how much CPU the engine and the simulator spend. How long a change
/// takes to reach another tablet in virtual time (the propagation latency a hotel would see, which
/// depends on the links and not on this machine) is the simulator's figure, reported by its
/// scenario runs and asserted in the replication tests, not here.
/// </remarks>
[MemoryDiagnoser]
[ShortRunJob]
public class ReplicationBenchmarks
{
    private const int RoundTripsPerInvoke = 100;
    private const int PushRows = 50;

    private Simulation _simulation = null!;
    private Replica _writer = null!;
    private Replicator _reader = null!;
    private (string Collection, string Id, string Body)[] _writes = null!;
    private int _nextWrite;
    private long _expectedPulled;
    private Func<Task> _writeNext = null!;
    private Func<bool> _arrived = null!;

    private PushRequest _push = null!;
    private byte[] _pushFrame = null!;

    [GlobalSetup(Target = nameof(Write_reaches_second_tablet_through_greengrass))]
    public void SetupHotel()
    {
        var hotel = new GreengrassHotelWorld(tablets: 2, seed: 1, tabletLink: LinkProfiles.Lan);
        _simulation = hotel.Simulation;
        _writer = hotel.Tablets[0].Replica;
        var writerReplicator = hotel.Tablets[0].Replicator;
        _reader = hotel.Tablets[1].Replicator;

        var live = _simulation.RunUntil(
            () => writerReplicator.State == ReplicatorState.Live && _reader.State == ReplicatorState.Live,
            _simulation.Now + TimeSpan.FromSeconds(10));
        if (live != RunOutcome.ConditionMet)
        {
            throw new InvalidOperationException($"The tablets did not go live: {live}.");
        }

        // Five versions of each of 1000 rooms and reservations, written in turn.
        _writes = new (string, string, string)[5000];
        for (var i = 0; i < _writes.Length; i++)
        {
            _writes[i] = HotelBodies.Mixed(i % 1000, version: i / 1000);
        }

        // Cached delegates, so the harness allocates nothing per round trip of its own.
        _writeNext = () =>
        {
            var (collection, id, body) = _writes[_nextWrite];
            _nextWrite = (_nextWrite + 1) % _writes.Length;
            _writer.Write(collection, id, body);
            return Task.CompletedTask;
        };
        _arrived = () => _reader.DocumentsPulled >= _expectedPulled;
    }

    /// <summary>
    /// One operation: a room or reservation written on one tablet (as the front desk would, on the
    /// kernel) until the second tablet has stored it: outbox, push, merge on Greengrass, live change
    /// event, merge on the second tablet, over simulated TCP on the LAN. Wall time per round trip.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RoundTripsPerInvoke)]
    public long Write_reaches_second_tablet_through_greengrass()
    {
        for (var i = 0; i < RoundTripsPerInvoke; i++)
        {
            _expectedPulled = _reader.DocumentsPulled + 1;
            _simulation.Spawn("front-desk", _writeNext);
            var outcome = _simulation.RunUntil(_arrived, _simulation.Now + TimeSpan.FromSeconds(10));
            if (outcome != RunOutcome.ConditionMet)
            {
                throw new InvalidOperationException($"A write did not reach the second tablet: {outcome} at {_simulation.Now}.");
            }
        }

        return _reader.DocumentsPulled;
    }

    /// <summary>A push of 50 documents as a tablet's replicator sends it (the seed's batch): rooms and reservations, no assumed master.</summary>
    [GlobalSetup(Targets = [nameof(PushRequest_50_documents_encode), nameof(PushRequest_50_documents_encode_decode)])]
    public void SetupPush()
    {
        _push = new PushRequest(7, HotelBodies.Versions(PushRows, "tablet-front-desk", HotelBodies.Epoch).Select(document => new PushRow(null, document)).ToArray());
        _pushFrame = ProtocolCodec.Encode(_push);
        if (ProtocolCodec.Decode(_pushFrame).Message is not PushRequest { Rows.Count: PushRows })
        {
            throw new InvalidOperationException("The push does not survive its own codec.");
        }

        Console.WriteLine($"// PushRequest of {PushRows} documents: {_pushFrame.Length:N0} bytes on the wire");
    }

    /// <summary>One operation: one 50-document push message encoded to its frame.</summary>
    [Benchmark]
    public int PushRequest_50_documents_encode() => ProtocolCodec.Encode(_push).Length;

    /// <summary>One operation: one 50-document push message encoded to its frame and decoded back, as sender and receiver do.</summary>
    [Benchmark]
    public ProtocolMessage? PushRequest_50_documents_encode_decode() => ProtocolCodec.Decode(ProtocolCodec.Encode(_push)).Message;
}
