using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.Tests.Network;
using Hospitality.Sync.Discovery;

namespace Hospitality.Sim.Tests.Discovery;

/// <summary>Two buildings (segments) of the network test world, with mDNS started on hosts in the kernel.</summary>
internal sealed class MdnsWorld(ulong seed = 1)
{
    public TestWorld World { get; } = new(seed);

    public Simulation Simulation => World.Simulation;

    public SimTime Now => Simulation.Now;

    public SimHost Host(string name, Segment? segment = null, LinkProfile? profile = null) =>
        World.Host(name, segment ?? World.BuildingA, profile ?? LinkProfiles.Wifi);

    /// <summary>mDNS on <paramref name="host"/>, started now; its loops run until the host crashes or it is stopped.</summary>
    public MulticastDns Start(SimHost host, string hostName, params ServiceAdvertisement[] services)
    {
        var mdns = new MulticastDns(host.Network, host.Interfaces, host.Clock, Simulation.Random($"mdns/{host.Name}"), new MdnsOptions { HostName = hostName });
        foreach (var service in services)
        {
            mdns.Responder.Advertise(service);
        }

        Run(host, mdns);
        return mdns;
    }

    /// <summary>Starts (or restarts) an mDNS instance on its host's current lifetime.</summary>
    public void Run(SimHost host, MulticastDns mdns) => host.Spawn("mdns", async lifetime =>
    {
        await mdns.StartAsync(lifetime);
        await mdns.Completion;
    });

    public MulticastDns Greengrass(SimHost host, string propertyId) =>
        Start(host, HospitalityServices.GreengrassHostName, HospitalityServices.Greengrass(propertyId, 8000));

    public (MulticastDns Mdns, GreengrassLocator Locator) Device(SimHost host, string propertyId)
    {
        var mdns = Start(host, host.Name, HospitalityServices.Peer(propertyId, host.Name, 9000));
        return (mdns, new GreengrassLocator(mdns.Querier, propertyId));
    }

    /// <summary>Runs until <paramref name="condition"/> holds or <paramref name="limit"/> of virtual time passed; returns the time it took.</summary>
    public TimeSpan RunUntil(Func<bool> condition, TimeSpan limit)
    {
        var start = Now;
        Simulation.RunUntil(condition, start + limit);
        return Now - start;
    }

    public void Stop(MulticastDns mdns) => Simulation.Spawn("stop", mdns.StopAsync);

    public void RunFor(TimeSpan span) => Simulation.RunFor(span);
}
