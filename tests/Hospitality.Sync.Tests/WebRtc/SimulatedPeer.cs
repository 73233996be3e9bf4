using System.Net;
using Hospitality.Sim.Network;
using Hospitality.Sync.WebRtc.DataChannels;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Sctp;

namespace Hospitality.Sync.Tests.WebRtc;

/// <summary>
/// One side of a data channel on a simulated host: an ICE agent, an SCTP association and data
/// channels on one datagram socket, driven by a loop that waits for a datagram or the next timer
/// on the simulation's clock. DTLS is not built yet, so SCTP packets ride directly on the ICE
/// path here (first byte 0x13 for port 5000, which RFC 9443 leaves to neither STUN nor DTLS).
/// </summary>
public sealed class SimulatedPeer
{
    public const int Port = 50000;

    private readonly SimHost host;
    private readonly TimeProvider clock;
    private readonly List<(byte[] Bytes, IPEndPoint To)> outbox = [];

    public SimulatedPeer(SimHost host, TimeProvider clock, Hospitality.Sync.Ports.IRandomSource random, IceRole role, bool isDtlsClient)
    {
        this.host = host;
        this.clock = clock;
        LocalEndPoint = new IPEndPoint(host.Address!, Port);
        Credentials = IceCredentials.Generate(random);
        Ice = new IceAgent(new IceAgentOptions(), Credentials, role, clock, random, (bytes, _, to) => outbox.Add((bytes.ToArray(), to)));
        Candidate = Ice.AddLocalHost(LocalEndPoint);
        Sctp = new SctpAssociation(new SctpAssociationOptions(), clock, random, bytes =>
        {
            if (Ice.SelectedPair is { } pair)
            {
                outbox.Add((bytes, pair.Remote));
            }
        });
        Channels = new DataChannelTransport(Sctp, isDtlsClient, peerMaxMessageBytes: 262144);

        // Like Chromium, both sides start SCTP as soon as the path is up; the INIT collision sorts it out.
        Ice.SelectedPairChanged += _ =>
        {
            if (Sctp.State == SctpAssociationState.Closed)
            {
                Sctp.Connect();
            }
        };
    }

    public IPEndPoint LocalEndPoint { get; }

    public IceCredentials Credentials { get; }

    public IceCandidate Candidate { get; }

    public IceAgent Ice { get; }

    public SctpAssociation Sctp { get; }

    public DataChannelTransport Channels { get; }

    /// <summary>What signalling would carry: the other side's credentials and candidate.</summary>
    public void Learn(SimulatedPeer other)
    {
        Ice.SetRemoteCredentials(other.Credentials);
        Ice.AddRemoteCandidate(other.Candidate);
    }

    public void Start() => host.Spawn("webrtc", RunAsync);

    private async Task RunAsync(CancellationToken lifetime)
    {
        await using var socket = await host.Network.BindDatagramAsync(LocalEndPoint, lifetime);
        while (!lifetime.IsCancellationRequested)
        {
            foreach (var (bytes, to) in outbox.ToArray())
            {
                await socket.SendAsync(bytes, to, lifetime);
            }

            outbox.Clear();
            var due = Earliest(Ice.NextTimerTimestamp, Sctp.NextTimerTimestamp);
            using var wake = due is { } at
                ? new CancellationTokenSource(Max(clock.GetElapsedTime(clock.GetTimestamp(), at), TimeSpan.Zero), clock)
                : new CancellationTokenSource();
            using var stop = lifetime.Register(wake.Cancel);
            try
            {
                var datagram = await socket.ReceiveAsync(wake.Token);
                switch (DatagramDemultiplexer.Classify(datagram.Payload.Span))
                {
                    case DatagramKind.Stun:
                        Ice.HandleStun(datagram.Payload.Span, LocalEndPoint, datagram.RemoteEndPoint);
                        break;
                    case DatagramKind.Other when datagram.RemoteEndPoint.Equals(Ice.SelectedPair?.Remote):
                        Sctp.HandlePacket(datagram.Payload.Span);
                        break;
                    default:
                        break;
                }
            }
            catch (OperationCanceledException) when (!lifetime.IsCancellationRequested)
            {
                var now = clock.GetTimestamp();
                if (Ice.NextTimerTimestamp <= now)
                {
                    Ice.HandleTimers();
                }

                if (Sctp.NextTimerTimestamp <= now)
                {
                    Sctp.HandleTimers();
                }
            }
        }
    }

    private static long? Earliest(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
