using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// The simulator's network with a cloud, a Greengrass and a tablet on clean 1 ms links, for unit tests
/// of the replicator, the server and multi-server replication that need a real connection but no hotel.
/// </summary>
internal sealed class ReplicationWorld
{
    public const int Port = 8443;

    public ReplicationWorld(ulong seed = 1)
    {
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation);
        var region = Network.AddSegment("cloud", SegmentKind.CloudRegion, Clean("cloud-edge"));
        var building = Network.AddSegment("building", SegmentKind.Building, Clean("uplink"));
        Cloud = Network.AddHost("cloud", region, Clean("datacenter"));
        Greengrass = Network.AddHost("greengrass", building, Clean("lan"));
        Tablet = Network.AddHost("tablet", building, Clean("wifi"));
    }

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public SimHost Cloud { get; }

    public SimHost Greengrass { get; }

    public SimHost Tablet { get; }

    public static LinkProfile Clean(string name) => new()
    {
        Name = name,
        BaseLatency = TimeSpan.FromMilliseconds(1),
        UpBitsPerSecond = 100_000_000,
        DownBitsPerSecond = 100_000_000,
        QueueLimitBytes = 16 * 1024 * 1024,
    };

    public static Replica NewReplica(SimHost host) => new(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(host.Clock, host.Name));

    public static string Address(SimHost host) => host.Address!.ToString();

    public static IPEndPoint At(SimHost host) => new(host.Address!, Port);

    public ReplicationServer Serve(SimHost host, Replica replica, ReplicationServerOptions? options = null)
    {
        var server = new ReplicationServer(replica, host.Network, options ?? new ReplicationServerOptions { Port = Port, QueuePushesForUpstream = false });
        host.Spawn("replication-server", async _ => await server.StartAsync());
        return server;
    }

    public Replicator Replicate(SimHost host, Replica replica, SimHost upstream, Func<ReplicatorOptions, ReplicatorOptions>? configure = null)
    {
        var options = new ReplicatorOptions { Upstream = upstream.Name, Host = Address(upstream), Port = Port };
        var replicator = new Replicator(replica, host.Network, configure?.Invoke(options) ?? options, host.Clock, Simulation.Random($"{host.Name}/replicator"));
        host.Spawn("replicator", async _ => await replicator.StartAsync());
        return replicator;
    }

    public void Run(double seconds) => Simulation.RunUntil(Simulation.Now + TimeSpan.FromSeconds(seconds));

    public bool RunUntil(Func<bool> condition, double seconds)
    {
        Simulation.RunUntil(condition, Simulation.Now + TimeSpan.FromSeconds(seconds));
        return condition();
    }

    /// <summary>Runs <paramref name="script"/> on <paramref name="host"/> inside the simulation and returns what it returned.</summary>
    public T Script<T>(SimHost host, Func<Task<T>> script, double seconds = 30)
    {
        var done = false;
        T result = default!;
        host.Spawn("script", async _ =>
        {
            result = await script();
            done = true;
        });
        Assert.True(RunUntil(() => done, seconds), "the script did not finish in time");
        return result;
    }

    /// <summary>Sends a message on a raw connection.</summary>
    public static ValueTask SendAsync(IMessageConnection connection, ProtocolMessage message) =>
        connection.SendAsync(ProtocolCodec.Encode(message));

    /// <summary>The next message on a raw connection, or null when the other end closed it.</summary>
    public static async Task<ProtocolMessage?> ReceiveAsync(IMessageConnection connection)
    {
        if (await connection.ReceiveAsync() is not { } frame)
        {
            return null;
        }

        var decoded = ProtocolCodec.Decode(frame);
        Assert.True(decoded.IsSuccess, decoded.Error);
        return decoded.Message;
    }

    /// <summary>Sends a request and returns the next message received.</summary>
    public static async Task<ProtocolMessage?> AskAsync(IMessageConnection connection, ProtocolMessage request)
    {
        await SendAsync(connection, request);
        return await ReceiveAsync(connection);
    }

    /// <summary>The front desk marks room <paramref name="id"/> dirty on <paramref name="replica"/>, from inside the simulation.</summary>
    public void Write(Replica replica, string id) =>
        Simulation.Spawn("front-desk", () =>
        {
            replica.Write("rooms", id, ReplicationServerTests.Room(id, "dirty"));
            return Task.CompletedTask;
        });

    /// <summary>When <paramref name="replicator"/> starts each attempt to connect, from now on.</summary>
    public List<SimTime> RecordAttempts(Replicator replicator)
    {
        var attempts = new List<SimTime>();
        replicator.StateChanged += state =>
        {
            if (state == ReplicatorState.Connecting)
            {
                attempts.Add(Simulation.Now);
            }
        };
        return attempts;
    }
}
