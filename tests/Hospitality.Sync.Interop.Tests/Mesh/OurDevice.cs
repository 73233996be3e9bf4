using System.Net;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Hosting.RunLoop;
using Hospitality.Sync.Hosting.WebRtc;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sync.Interop.Tests.Mesh;

/// <summary>
/// Our device in the mesh test, as production composes one: a replica over a SQLite file, a
/// <see cref="WebRtcPeer"/> on real UDP with BouncyCastle's DTLS that joins the room on the signaling
/// server over a WebSocket, and <see cref="PeerReplication"/> between them, all on one run loop.
/// Create, use and stop it on <see cref="Loop"/> only.
/// </summary>
internal sealed class OurDevice
{
    private readonly IDocumentStore _store;

    private OurDevice(NodeRunLoop loop, IDocumentStore store, Replica replica, WebRtcPeer peer, PeerReplication replication)
    {
        Loop = loop;
        _store = store;
        Replica = replica;
        Peer = peer;
        Replication = replication;
    }

    public NodeRunLoop Loop { get; }

    public Replica Replica { get; }

    public WebRtcPeer Peer { get; }

    public PeerReplication Replication { get; }

    /// <summary>Changes to the replica (local writes and versions merged from peers) that ran off the run loop: must stay 0.</summary>
    public int ChangesOffLoop { get; private set; }

    /// <summary>Opens the store, joins <paramref name="property"/>'s room on <paramref name="signaling"/> and starts replicating over the links.</summary>
    public static async Task<OurDevice> StartAsync(NodeRunLoop loop, string databasePath, string property, string deviceId, IPEndPoint signaling)
    {
        var store = SqliteDocumentStore.OpenFile(databasePath);
        var replica = new Replica(store, new HybridLogicalClock(TimeProvider.System, deviceId));
        var peer = new WebRtcPeer(
            new WebRtcPeerOptions
            {
                PropertyId = property,
                DeviceId = deviceId,
                SignalingServers = [signaling],
                Rtc = new RtcConfiguration { HostAddresses = [IPAddress.Loopback] },
            },
            OsRtcPorts.ForNode(loop.Context, "/signaling")); // as hotel-node's devices: every data-channel message on our loop
        // As production composes it: the peer's events reach replication on the loop, because its DTLS posts them there.
        var replication = new PeerReplication(replica, peer);
        var device = new OurDevice(loop, store, replica, peer, replication);
        replica.Changed += _ => device.ChangesOffLoop += loop.IsCurrent ? 0 : 1;
        if (!await peer.ConnectAsync())
        {
            throw new InvalidOperationException($"our peer could not join the signaling server at {signaling}: {peer.LastSignalingError}");
        }

        return device;
    }

    /// <summary>Its links and replication counters, for a failure message.</summary>
    public string Describe() =>
        $"links open [{string.Join(", ", Peer.Peers)}], opened {Peer.LinksOpened}, failed {Peer.LinksFailed}, unavailable [{string.Join(", ", Peer.UnavailablePeers)}], " +
        $"signaling {(Peer.IsSignalingConnected ? "joined" : $"not joined ({Peer.LastSignalingError})")}; versions stored from peers {Replication.VersionsStored}, " +
        $"duplicate {Replication.VersionsDuplicate}, sent {Replication.VersionsSent}, malformed frames {Replication.MalformedFrames}, rejected {Replica.RejectedVersions}, changes off the loop {ChangesOffLoop}";

    public async Task StopAsync()
    {
        Replication.Dispose();
        await Peer.DisposeAsync();
        _store.Dispose();
    }
}
