using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Discovery;

namespace Hospitality.Sim.Faults;

/// <summary>
/// Puts faults into a hotel world and ends them: each fault returns the action that heals it, and
/// every active fault ends once, at its own end or when everything heals, whichever comes first.
/// Shared by scenario runs and generated trials, so both inject the same faults the same way.
/// </summary>
public sealed class WorldFaults(HotelChainWorld world)
{
    private readonly List<Action> _active = [];
    private int _rogues;

    /// <summary>Faults started and not yet ended.</summary>
    public int Active => _active.Count;

    /// <summary>Crashes a node that is up (an overlapping crash of a node already down does nothing); it restarts from its disk when the fault ends.</summary>
    public Action? Crash(WorldNode node)
    {
        if (!node.Host.IsUp)
        {
            return null;
        }

        world.Crash(node);
        return () => world.Restart(node);
    }

    /// <summary>
    /// Arms a power loss at a crash site inside the node's store transactions: the next transaction
    /// that reaches it crashes the node there. The fault's end disarms it and restarts the node if it crashed.
    /// </summary>
    public Action? CrashInTransaction(WorldNode node, string site)
    {
        if (!node.Host.IsUp)
        {
            return null;
        }

        // Down from this power loss until any heal restarts the node: a node that another fault's heal
        // brought back and a later crash took down again is that fault's to restart, not this one's.
        var crashed = false;
        void Lost(WorldNode lost, string at) => crashed = true;
        void Back(WorldNode back) => crashed = false;
        node.PowerLost += Lost;
        node.Restarted += Back;
        world.TransactionCrashes.Arm(node.Name, site);
        return () =>
        {
            world.TransactionCrashes.Disarm(node.Name);
            node.PowerLost -= Lost;
            node.Restarted -= Back;
            if (crashed && !node.Host.IsUp)
            {
                world.Restart(node);
            }
        };
    }

    /// <summary>Cuts the hosts off from every other host, both ways or only their own packets out.</summary>
    public Action Partition(IReadOnlyCollection<SimHost> side, PartitionDirection direction) =>
        world.Network.Partition(side, world.Network.Hosts.Except(side).ToList(), direction).Heal;

    /// <summary>Heavy loss with duplication and reordering on the host's access link (all of a shared Wi-Fi).</summary>
    public Action? LossBurst(SimHost host)
    {
        if (host.AccessProfile is not { } normal)
        {
            return null;
        }

        world.Network.SetAccessConditions(host, normal with { Name = $"{normal.Name}+burst", LossRate = 0.3, DuplicationRate = 0.05, ReorderRate = 0.1 });
        return () => world.Network.SetAccessConditions(host, host.AccessProfile ?? normal);
    }

    /// <summary>The device walks out of the building's Wi-Fi onto cellular, and back when the fault ends.</summary>
    public Action? Handover(SimHost device)
    {
        if (device is not { Segment: { } building, AccessProfile: { } access } || building == world.Carrier)
        {
            return null;
        }

        world.Network.Move(device, world.Carrier, LinkProfiles.Cellular4G);
        return () => world.Network.Move(device, building, access);
    }

    /// <summary>The device loses every link (out of coverage), and is back where it was when the fault ends.</summary>
    public Action? Offline(SimHost device)
    {
        if (device is not { Segment: { } segment, AccessProfile: { } access })
        {
            return null;
        }

        world.Network.Move(device, null);
        return () => world.Network.Move(device, segment, access);
    }

    /// <summary>
    /// A host joins the building's segment and answers mDNS as <c>greengrass.local</c> with the sync
    /// service of another property; devices must refuse it. It leaves (crashes) when the fault ends.
    /// </summary>
    public Action RogueResponder(Segment building, string propertyId)
    {
        var rogue = world.Network.AddHost($"rogue-{++_rogues}", building, LinkProfiles.Lan);
        var mdns = new MulticastDns(rogue.Network, rogue.Interfaces, rogue.Clock, world.Simulation.Random(rogue.Name), new MdnsOptions { HostName = HospitalityServices.GreengrassHostName });
        mdns.Responder.Advertise(HospitalityServices.Greengrass($"not-{propertyId}", port: 8443));
        rogue.Spawn("mdns", async lifetime =>
        {
            await mdns.StartAsync(lifetime);
            await mdns.Completion;
        });
        return () => world.Network.Crash(rogue);
    }

    /// <summary>
    /// Splits a P2P property's mesh: <paramref name="side"/> loses every direct path to the property's other
    /// tablets (both ways), while both halves keep their servers. Null when nothing is left on the other side.
    /// </summary>
    public Action? MeshSplit(IReadOnlyList<Tablet> side)
    {
        if (side.Count == 0)
        {
            return null;
        }

        var others = world.Properties[side[0].Property - 1].Tablets.Except(side).Select(tablet => tablet.Host).ToList();
        return others.Count == 0 ? null : world.Network.Partition(side.Select(tablet => tablet.Host).ToList(), others, PartitionDirection.Both).Heal;
    }

    /// <summary>The signaling server on a Greengrass or the cloud crashes (the server keeps replicating); a new one starts when the fault ends.</summary>
    public Action? SignalingOutage(WorldNode server) => server switch
    {
        GreengrassNode edge when edge.StopSignaling() => edge.StartSignaling,
        CloudNode cloud when cloud.StopSignaling() => cloud.StartSignaling,
        _ => null,
    };

    public Action InternetOutage(Segment building)
    {
        world.Network.SetInternetUp(building, false);
        return () => world.Network.SetInternetUp(building, true);
    }

    /// <summary>Tracks a started fault: it ends at <paramref name="until"/> if given, or at <see cref="EndAll"/>, once.</summary>
    public void Track(Action end, SimTime? until, Action? ended = null)
    {
        var done = false;
        void EndOnce()
        {
            if (!done)
            {
                done = true;
                _active.Remove(EndOnce);
                end();
                ended?.Invoke();
            }
        }

        _active.Add(EndOnce);
        if (until is { } time)
        {
            world.Simulation.At(time, EndOnce);
        }
    }

    /// <summary>Ends every active fault: the heal.</summary>
    public void EndAll()
    {
        foreach (var end in _active.ToList())
        {
            end();
        }
    }
}
