using System.Buffers.Binary;
using System.Net;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Network;

/// <summary>
/// A machine on the virtual network: a tablet, a Greengrass box, a cloud server. It has an address
/// on its segment, an access hop with a link profile, and the engine-facing ports
/// (<see cref="Network"/>, <see cref="Interfaces"/>) that the code running on it uses.
/// </summary>
public sealed class SimHost
{
    private readonly HostInterfaces _interfaces = new();
    private readonly VirtualNetwork _network;
    private CancellationTokenSource _lifetime = new();

    internal SimHost(VirtualNetwork network, int id, string name, string? role = null)
    {
        _network = network;
        Id = id;
        Name = name;
        Role = role;
        Clock = new Kernel.SkewedClock(network.Simulation.Clock);
        Sockets = new HostNetwork(network, this);
        UpRandom = network.LinkRandom($"{name}/up");
        DownRandom = network.LinkRandom($"{name}/down");
    }

    public int Id { get; }

    /// <summary>The host's access hop streams; they outlive a move or a roam, so a re-attached host does not replay its draws.</summary>
    internal Kernel.SimRandom UpRandom { get; }

    internal Kernel.SimRandom DownRandom { get; }

    public string Name { get; }

    /// <summary>What the host is (e.g. "greengrass", "device"), for the queue timings; null when not said.</summary>
    public string? Role { get; }

    /// <summary>The segment the host is attached to; null while offline.</summary>
    public Segment? Segment { get; private set; }

    public LinkProfile? AccessProfile { get; private set; }

    /// <summary>The current address; null while offline.</summary>
    public IPAddress? Address { get; private set; }

    /// <summary>False while crashed: nothing is sent or received, and state held in sockets is gone.</summary>
    public bool IsUp { get; internal set; } = true;

    /// <summary>This host's clock, the <c>TimeProvider</c> its software gets; skew it with <c>Clock.Offset</c>.</summary>
    public Kernel.SkewedClock Clock { get; }

    /// <summary>The engine's network port on this host.</summary>
    public INetwork Network => Sockets;

    /// <summary>The engine's view of this host's attachment (Wi-Fi, cellular, offline).</summary>
    public INetworkInterfaces Interfaces => _interfaces;

    /// <summary>Cancelled when the host crashes: the software running on it stops with it.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    internal HostNetwork Sockets { get; }

    internal uint AddressValue { get; private set; }

    internal LinkQueue? AccessUp { get; private set; }

    internal LinkQueue? AccessDown { get; private set; }

    /// <summary>The one-hop route onto the segment (multicast frames leaving this host).</summary>
    internal Route UpRoute { get; private set; } = Route.None;

    /// <summary>The one-hop route from the segment to this host (multicast copies flooded to it).</summary>
    internal Route DownRoute { get; private set; } = Route.None;

    /// <summary>
    /// Runs software on this host. A crash cancels it, and whatever it throws while dying
    /// (closed sockets, broken connections) is part of the crash, not a failure of the run.
    /// </summary>
    public Task Spawn(string name, Func<CancellationToken, Task> body)
    {
        var lifetime = Lifetime;
        return _network.Simulation.Spawn($"{Name}/{name}", async () =>
        {
            try
            {
                await body(lifetime);
            }
            catch (Exception exception) when (lifetime.IsCancellationRequested || exception is InjectedCrashException)
            {
            }
        });
    }

    /// <summary>Ends every process of this host (a crash) and prepares a fresh lifetime for a restart.</summary>
    internal void EndLifetime()
    {
        var ended = _lifetime;
        _lifetime = new CancellationTokenSource();

        // Cancel from the run queue: the processes' cancellation callbacks then run on the kernel's
        // context even when a test crashed the host from outside a run (where another context is current).
        _network.Simulation.Post(static state =>
        {
            var source = (CancellationTokenSource)state!;
            source.Cancel();
            source.Dispose();
        }, ended);
    }

    internal void Attach(Segment segment, LinkProfile profile, uint address, LinkQueue up, LinkQueue down)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        Segment = segment;
        AccessProfile = profile;
        Address = new IPAddress(bytes);
        AddressValue = address;
        AccessUp = up;
        AccessDown = down;
        UpRoute = new Route([up]);
        DownRoute = new Route([down]);
        _interfaces.Set(new NetworkAttachment(profile.AttachmentKind, Address, segment.Name));
    }

    internal void Detach()
    {
        Segment = null;
        AccessProfile = null;
        Address = null;
        AddressValue = 0;
        AccessUp = null;
        AccessDown = null;
        UpRoute = Route.None;
        DownRoute = Route.None;
        _interfaces.Set(NetworkAttachment.Offline);
    }

    public override string ToString() => Name;
}
