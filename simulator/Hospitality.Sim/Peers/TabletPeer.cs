using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.WebRtc;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sim.Peers;

/// <summary>
/// One boot of a tablet's P2P software, as the engine ships it: a <see cref="WebRtcPeer"/> (the real
/// stack over the virtual network, with the DTLS model in place of BouncyCastle) that signals through
/// the plan's servers, nearest first, and directly over mDNS peer records while none answers, and
/// <see cref="PeerReplication"/> over it beside the tablet's server replication, merging on the tablet's
/// processor. A crash retires it.
/// </summary>
internal sealed class TabletPeer
{
    /// <summary>The port of a device's direct-signaling listener, the one its mDNS peer record names.</summary>
    public const int DirectPort = Discovery.DeviceAwareness.PeerPort;

    private readonly Simulation _simulation;
    private bool _retired;

    /// <param name="processor">The tablet's processor, the one its server replication merges on: a peer's page waits for it too.</param>
    /// <param name="mdns">The device's running mDNS (its network awareness's), or null: the peer runs its own when it signals directly.</param>
    public TabletPeer(SimHost host, Replica replica, PeerPlan plan, Simulation simulation, string boot, INodeProcessor processor, MulticastDns? mdns)
    {
        _simulation = simulation;
        Device = host.Name;
        var ownMdns = plan.DirectSignaling && mdns is null
            ? new MulticastDns(host.Network, host.Interfaces, host.Clock, simulation.Random($"{host.Name}/peer-mdns{boot}"), new MdnsOptions { HostName = host.Name })
            : null;
        var discovery = plan.DirectSignaling ? mdns ?? ownMdns : null;
        var options = new WebRtcPeerOptions
            {
                PropertyId = plan.PropertyId,
                DeviceId = host.Name,
                SignalingServers = plan.SignalingServers,
                Discovery = discovery,
                DirectSignaling = discovery is null ? null : new SignalingServerOptions { Port = DirectPort },
                Rtc = new RtcConfiguration { HostAddresses = host.Address is { } address ? [address] : [] },
            };
        Peer = new WebRtcPeer(
            options,
            new RtcPorts(host.Network, host.Clock, simulation.Random($"{host.Name}/webrtc{boot}"), new DtlsModelFactory(host.Clock, simulation.Random($"{host.Name}/dtls{boot}"))));
        Replication = new PeerReplication(replica, Peer, processor: processor);
        plan.Log.Add(plan.PropertyName, this);
        if (ownMdns is not null)
        {
            host.Spawn("peer-mdns", async lifetime =>
            {
                await ownMdns.StartAsync(lifetime);
                await ownMdns.Completion;
            });
        }

        Peer.PeerUnavailable += (peer, reason) => plan.Log.Unavailable(plan.PropertyName, Device, peer, reason, simulation.Now);
        BootedAt = simulation.Now;
        Peer.PeerJoined += _ =>
        {
            if (MeshFormedAt is null && Peer.Peers.Count >= MeshPlan.Neighbours(Device, plan.Room, options.MaxLinks).Count)
            {
                MeshFormedAt = simulation.Now;
            }
        };
        host.Spawn("peer", async _ => await Peer.ConnectAsync());
    }

    public string Device { get; }

    /// <summary>When this boot started its peer.</summary>
    public SimTime BootedAt { get; }

    /// <summary>When this boot first had a channel open to every neighbour it plans (MeshPlan), or null.</summary>
    public SimTime? MeshFormedAt { get; private set; }

    public WebRtcPeer Peer { get; }

    public PeerReplication Replication { get; }

    /// <summary>The boot ended (a crash, or a new boot): P2P replication stops and the peer closes its links.</summary>
    public void Retire()
    {
        if (_retired)
        {
            return;
        }

        _retired = true;
        Replication.Dispose();
        _simulation.Spawn($"{Device}/peer-retire", async () => await Peer.DisposeAsync());
    }
}
