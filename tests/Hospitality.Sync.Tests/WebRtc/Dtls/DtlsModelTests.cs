using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sim.WebRtc;
using Hospitality.Sync.Tests.WebRtc.Sctp;
using Hospitality.Sync.WebRtc.Dtls;

namespace Hospitality.Sync.Tests.WebRtc.Dtls;

/// <summary>
/// The simulator's DTLS model: the flights and sizes of a DTLS 1.2 handshake, the fingerprint
/// check, retransmission on its clock, and a parser that no bytes from the network can break.
/// </summary>
public sealed class DtlsModelTests
{
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate(new SeededRandom(1), new ManualClock());
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate(new SeededRandom(2), new ManualClock());

    [Fact]
    public void The_handshake_takes_four_flights_with_real_record_headers_and_connects_both_sides()
    {
        var pair = new ModelPair();

        pair.Client.Start();
        pair.Server.Start();
        pair.Deliver();

        Assert.Equal(DtlsTransportState.Connected, pair.Client.State);
        Assert.Equal(DtlsTransportState.Connected, pair.Server.State);
        Assert.Equal(4, pair.Sent.Count);
        Assert.All(pair.Sent, datagram => Assert.Equal((0xFE, 0xFD), (datagram.Bytes[1], datagram.Bytes[2])));
        Assert.Equal(DtlsRecord.Handshake, pair.Sent[0].Bytes[0]);
        Assert.Equal(DtlsRecord.Handshake, pair.Sent[2].Bytes[0]);
        Assert.Equal(DtlsRecord.ChangeCipherSpec, pair.Sent[3].Bytes[0]);

        // The Certificate flights carry the real DER, so they are at least that big.
        Assert.True(pair.Sent[1].Bytes.Length > ServerCertificate.Der.Length);
        Assert.True(pair.Sent[2].Bytes.Length > ClientCertificate.Der.Length);
    }

    [Fact]
    public void Application_data_costs_37_bytes_and_arrives_intact()
    {
        var pair = ModelPair.Connected();
        var received = new List<byte[]>();
        pair.Server.DataReceived += data => received.Add(data.ToArray());

        pair.Client.Send([1, 2, 3]);

        Assert.Equal(3 + IDtlsTransport.RecordOverheadBytes, pair.Sent[^1].Bytes.Length);
        pair.Deliver();
        Assert.Equal([1, 2, 3], Assert.Single(received));
    }

    [Fact]
    public void A_certificate_that_does_not_match_the_fingerprint_fails_both_sides()
    {
        var pair = new ModelPair(clientExpects: ClientCertificate.Fingerprint);

        pair.Client.Start();
        pair.Server.Start();
        pair.Deliver();

        Assert.Equal(DtlsTransportState.Failed, pair.Client.State);
        Assert.Contains("fingerprint", pair.Client.FailureReason, StringComparison.Ordinal);
        Assert.Equal(DtlsTransportState.Failed, pair.Server.State);
    }

    [Fact]
    public void A_lost_flight_is_sent_again_after_one_then_two_seconds_and_the_handshake_gives_up_after_six_retransmissions()
    {
        var pair = new ModelPair();
        pair.Client.Start();
        pair.Sent.Clear();

        pair.Clock.Advance(TimeSpan.FromSeconds(1));
        pair.Client.HandleTimers();
        Assert.Single(pair.Sent);
        pair.Clock.Advance(TimeSpan.FromSeconds(1));
        pair.Client.HandleTimers();
        Assert.Single(pair.Sent);
        pair.Clock.Advance(TimeSpan.FromSeconds(1));
        pair.Client.HandleTimers();
        Assert.Equal(2, pair.Sent.Count);

        for (var i = 0; i < 10 && pair.Client.NextTimerTimestamp is { } due; i++)
        {
            pair.Clock.AdvanceTo(due);
            pair.Client.HandleTimers();
        }

        Assert.Equal(DtlsTransportState.Failed, pair.Client.State);
        Assert.Equal(6, pair.Sent.Count);
    }

    [Property(MaxTest = 2_000)]
    public Property Random_bytes_never_throw_and_leave_a_clean_state() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), Gen.Choose(0, 3).ToArbitrary(), (noise, phase) =>
        {
            var target = ModelPair.InPhase(phase, out var pair);
            var before = target.State;
            target.HandleDatagram(noise);
            target.HandleDatagram([DtlsRecord.Handshake, 0xFE, 0xFD, .. noise]);
            return IsClean(target.State, before) && pair.Client.State != DtlsTransportState.New;
        });

    [Property(MaxTest = 2_000)]
    public Property Mutated_flights_never_throw_and_leave_a_clean_state() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<byte>(), ArbMap.Default.ArbFor<bool>(), (position, value, truncate) =>
        {
            var flight = (int)((uint)position % 4);
            var recorded = ModelPair.Connected().Sent[flight].Bytes;
            var index = (int)((uint)position / 4 % recorded.Length);
            var mutated = truncate ? recorded[..index] : recorded.ToArray();
            if (!truncate)
            {
                mutated[index] = value;
            }

            // Flights 0 and 2 go to the server, 1 and 3 to the client; feed each to a fresh peer in the phase that expects it.
            var target = ModelPair.InPhase(flight, out _);
            var before = target.State;
            target.HandleDatagram(mutated);
            return IsClean(target.State, before);
        });

    private static bool IsClean(DtlsTransportState after, DtlsTransportState before) =>
        after == before || after is DtlsTransportState.Connected or DtlsTransportState.Failed or DtlsTransportState.Closed;

    /// <summary>A client and a server model wired through lists, on one manual clock.</summary>
    private sealed class ModelPair
    {
        private readonly Queue<(bool ToServer, byte[] Bytes)> _inFlight = new();

        public ModelPair(DtlsFingerprint? clientExpects = null)
        {
            Client = new DtlsModel(
                new DtlsTransportParameters(DtlsRole.Client, ClientCertificate, clientExpects ?? ServerCertificate.Fingerprint, bytes => Record(toServer: true, bytes)),
                new DtlsModelOptions(), Clock, new SeededRandom(3));
            Server = new DtlsModel(
                new DtlsTransportParameters(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, bytes => Record(toServer: false, bytes)),
                new DtlsModelOptions(), Clock, new SeededRandom(4));
        }

        public ManualClock Clock { get; } = new();

        public DtlsModel Client { get; }

        public DtlsModel Server { get; }

        public List<(bool ToServer, byte[] Bytes)> Sent { get; } = [];

        public static ModelPair Connected()
        {
            var pair = new ModelPair();
            pair.Client.Start();
            pair.Server.Start();
            pair.Deliver();
            return pair;
        }

        /// <summary>The peer that receives flight <paramref name="phase"/> (0-3), brought to the point where it expects it.</summary>
        public static DtlsModel InPhase(int phase, out ModelPair pair)
        {
            pair = new ModelPair();
            pair.Client.Start();
            pair.Server.Start();
            for (var i = 0; i < phase; i++)
            {
                pair.DeliverOne();
            }

            pair._inFlight.Clear();
            return phase % 2 == 0 ? pair.Server : pair.Client;
        }

        public void Deliver()
        {
            while (_inFlight.Count > 0)
            {
                DeliverOne();
            }
        }

        private void DeliverOne()
        {
            var (toServer, bytes) = _inFlight.Dequeue();
            (toServer ? Server : Client).HandleDatagram(bytes);
        }

        private void Record(bool toServer, ReadOnlyMemory<byte> bytes)
        {
            Sent.Add((toServer, bytes.ToArray()));
            _inFlight.Enqueue((toServer, bytes.ToArray()));
        }
    }
}
