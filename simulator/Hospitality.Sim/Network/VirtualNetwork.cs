using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network.Tcp;
using Hospitality.Sim.Network.Wifi;

namespace Hospitality.Sim.Network;

/// <summary>
/// The simulated network: segments (buildings, carriers, cloud regions) joined by an internet
/// core, hosts on them, partitions and outages, and the byte counters. Every host gets an
/// <c>INetwork</c> whose sockets send real bytes over modelled hops, in virtual time.
/// </summary>
public sealed class VirtualNetwork
{
    /// <summary>IP (20) + UDP (8) bytes on every datagram, and IP (20) again on every extra fragment.</summary>
    public const int DatagramOverheadBytes = 28;

    /// <summary>The largest UDP payload IPv4 carries (65,535 - 20 - 8).</summary>
    public const int MaxDatagramPayloadBytes = 65_507;

    private readonly List<Segment> _segments = [];
    private readonly List<SimHost> _hosts = [];
    private readonly Dictionary<uint, SimHost> _hostsByAddress = [];
    private readonly Dictionary<string, SimHost> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Partition> _partitions = [];
    private readonly Dictionary<long, Route> _routes = new(MixedInt64Comparer.Instance);
    private readonly Dictionary<long, IPEndPoint> _endPoints = new(MixedInt64Comparer.Instance);
    private readonly PacketTransit _transit;
    private readonly List<object> _relayedMedia = [];

    public VirtualNetwork(Simulation simulation, TcpOptions? tcpOptions = null)
    {
        Simulation = simulation;
        TcpOptions = tcpOptions ?? new TcpOptions();
        _transit = new PacketTransit(simulation, Deliver, Blocked, Traffic.CountDrop);
    }

    public Simulation Simulation { get; }

    public TcpOptions TcpOptions { get; }

    public TrafficCounters Traffic { get; } = new();

    /// <summary>How long packets, frames and TCP data waited in each kind of queue, and how long they were served.</summary>
    public Metrics.QueueTimings Queues { get; } = new();

    public IReadOnlyList<Segment> Segments => _segments;

    public IReadOnlyList<SimHost> Hosts => _hosts;

    public Segment AddSegment(string name, SegmentKind kind, LinkProfile uplink)
    {
        Invariant.Holds(_segments.Count < 255, "at most 255 segments (10.N.0.0/16 each)");
        var segment = new Segment(_segments.Count + 1, name, kind, uplink, LinkRandom($"{name}/uplink/up"), LinkRandom($"{name}/uplink/down"));
        Time(segment.UplinkUp, null, $"{uplink.Name} uplink", "up");
        Time(segment.UplinkDown, null, $"{uplink.Name} uplink", "down");
        _segments.Add(segment);
        return segment;
    }

    /// <param name="role">What the host is (e.g. "greengrass"), for the report's queue timings; null: by link alone.</param>
    public SimHost AddHost(string name, Segment segment, LinkProfile access, string? role = null)
    {
        var host = new SimHost(this, _hosts.Count, name, role);
        _hosts.Add(host);
        Attach(host, segment, access);
        return host;
    }

    /// <summary>Makes <paramref name="hostName"/> resolve to the host's current address (DNS).</summary>
    public void RegisterName(string hostName, SimHost host) => _names[hostName] = host;

    public Partition Partition(IEnumerable<SimHost> sideA, IEnumerable<SimHost> sideB, PartitionDirection direction = PartitionDirection.Both)
    {
        var partition = new Partition(this, sideA, sideB, direction);
        _partitions.Add(partition);
        Simulation.Trace.Note(Simulation.Now, "partition", string.Create(CultureInfo.InvariantCulture, $"{direction} #{_partitions.Count}"));
        return partition;
    }

    /// <summary>Cuts the two sides at <paramref name="from"/> and heals them at <paramref name="until"/>.</summary>
    public void SchedulePartition(SimTime from, SimTime until, IReadOnlyCollection<SimHost> sideA, IReadOnlyCollection<SimHost> sideB, PartitionDirection direction = PartitionDirection.Both)
    {
        Invariant.Holds(until >= from, "a partition heals after it starts");
        Simulation.At(from, () =>
        {
            var partition = Partition(sideA, sideB, direction);
            Simulation.At(until, partition.Heal);
        });
    }

    /// <summary>Takes a segment's internet line down or brings it back; the segment keeps working locally.</summary>
    public void SetInternetUp(Segment segment, bool up)
    {
        segment.SetInternetUp(up);
        Simulation.Trace.Note(Simulation.Now, "internet", $"{segment.Name} {(up ? "up" : "down")}");
    }

    /// <summary>Crashes a host: its sockets and connections vanish without a word to their peers.</summary>
    public void Crash(SimHost host)
    {
        host.IsUp = false;
        host.EndLifetime();
        host.Sockets.Reset(Sync.Ports.ConnectionFailure.Aborted);
        Simulation.Trace.Note(Simulation.Now, "crash", host.Name);
    }

    /// <summary>Brings a crashed host back with no sockets open; its software must start again.</summary>
    public void Restart(SimHost host)
    {
        host.IsUp = true;
        Simulation.Trace.Note(Simulation.Now, "restart", host.Name);
    }

    /// <summary>
    /// Moves a host to another segment or link (Wi-Fi to cellular, one building to the next), or
    /// offline when <paramref name="segment"/> is null. It gets a new address, so its connections break.
    /// </summary>
    public void Move(SimHost host, Segment? segment, LinkProfile? access = null)
    {
        // Connections break before the device hears of the change, as when an interface goes down.
        host.Sockets.Reset(Sync.Ports.ConnectionFailure.NetworkChanged);
        Detach(host);
        if (segment is not null)
        {
            Attach(host, segment, access ?? host.AccessProfile ?? LinkProfiles.Wifi);
        }

        Simulation.Trace.Note(Simulation.Now, "move", $"{host.Name} -> {segment?.Name ?? "offline"}");
    }

    /// <summary>
    /// Changes how a host's access link behaves (loss, duplication, reordering, latency) without
    /// reattaching it, as interference where the host stands does: connections survive. On Wi-Fi it
    /// changes that station's queues only; the channel's MAC stays as it was. Pass the host's
    /// <see cref="SimHost.AccessProfile"/> to restore it.
    /// </summary>
    public void SetAccessConditions(SimHost host, LinkProfile conditions)
    {
        if (host.AccessUp is null || host.AccessDown is null)
        {
            return;
        }

        host.AccessUp.Profile = conditions;
        host.AccessDown.Profile = conditions;
        Simulation.Trace.Note(Simulation.Now, "conditions", $"{host.Name} {conditions.Name}");
    }

    /// <summary>Sets a host's wall-clock offset from true time (a skew, or a jump when changed mid-run).</summary>
    public void SetClockOffset(SimHost host, TimeSpan offset)
    {
        host.Clock.Offset = offset;
        Simulation.Trace.Note(Simulation.Now, "clock", string.Create(CultureInfo.InvariantCulture, $"{host.Name} {offset.Ticks}"));
    }

    internal void Remove(Partition partition)
    {
        _partitions.Remove(partition);
        Simulation.Trace.Note(Simulation.Now, "heal", "partition");
    }

    internal SimHost? HostAt(uint address) => _hostsByAddress.GetValueOrDefault(address);

    /// <summary>The host that holds <paramref name="address"/> now, if any.</summary>
    public SimHost? HostAt(IPAddress address) => HostAt(HostNetwork.AddressValue(address));

    internal SimHost? HostNamed(string name) => _names.GetValueOrDefault(name);

    internal IPEndPoint EndPoint(uint address, int port)
    {
        var key = ((long)address << 16) | (uint)port;
        if (!_endPoints.TryGetValue(key, out var endPoint))
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
            endPoint = new IPEndPoint(new IPAddress(bytes), port);
            _endPoints.Add(key, endPoint);
        }

        return endPoint;
    }

    /// <summary>
    /// Turns on client isolation on a segment: its hosts no longer reach each other directly (unicast or
    /// multicast), except <paramref name="servers"/> (a Greengrass on the wired side), which every host still reaches.
    /// </summary>
    public void IsolateClients(Segment segment, IEnumerable<SimHost> servers) => segment.IsolateClients(servers);

    /// <summary>Sends a datagram from a socket; unicast goes to one host, multicast to the segment's members.</summary>
    internal void SendDatagram(SimHost source, int sourcePort, uint destinationAddress, int destinationPort, ReadOnlyMemory<byte> payload)
    {
        if (!source.IsUp || source.Segment is null)
        {
            Traffic.CountDrop(DropReason.LinkDown);
            return;
        }

        var fragmentPayload = (source.AccessProfile!.MtuBytes - 20) & ~7;
        var fragments = Math.Max(1, (payload.Length + 8 + fragmentPayload - 1) / fragmentPayload);
        var wireBytes = payload.Length + DatagramOverheadBytes + (20 * (fragments - 1));
        if (IsMulticast(destinationAddress))
        {
            // One frame onto the segment (the sender's airtime or switch port once); Flood fans it out.
            Traffic.CountSent(source.Id, -1, TrafficKind.Multicast, wireBytes, payload.Length);
            Transmit(source, sourcePort, null, destinationAddress, destinationPort, TrafficKind.Multicast, payload, wireBytes, fragments, default, destinationAddress, source.UpRoute);
            return;
        }

        var destination = HostAt(destinationAddress);
        if (destination is null)
        {
            Traffic.CountSent(source.Id, -1, TrafficKind.Datagram, wireBytes, payload.Length);
            Traffic.CountDrop(DropReason.HostDown);
            return;
        }

        var route = RouteBetween(source, destination);
        Traffic.CountSent(SentSlots(route, source, destination), TrafficKind.Datagram, wireBytes, payload.Length);
        Transmit(source, sourcePort, destination, destinationAddress, destinationPort, TrafficKind.Datagram, payload, wireBytes, fragments, default, route: route);
    }

    /// <summary>Sends one TCP segment; <paramref name="data"/> is the segment's share of the byte stream.</summary>
    internal void SendSegment(SimHost source, int sourcePort, uint destinationAddress, int destinationPort, TcpHeader header, ReadOnlyMemory<byte> data)
    {
        var overhead = (header.Flags & TcpFlags.Syn) != 0 ? TcpHeader.SynOverheadBytes : TcpHeader.OverheadBytes;
        var wireBytes = data.Length + overhead;
        var destination = HostAt(destinationAddress);
        if (!source.IsUp || source.Segment is null)
        {
            Traffic.CountDrop(DropReason.LinkDown);
            return;
        }

        if (destination is null)
        {
            Traffic.CountSent(source.Id, -1, TrafficKind.Stream, wireBytes, data.Length);
            Traffic.CountDrop(DropReason.HostDown);
            return;
        }

        var route = RouteBetween(source, destination);
        Traffic.CountSent(SentSlots(route, source, destination), TrafficKind.Stream, wireBytes, data.Length);
        Transmit(source, sourcePort, destination, destinationAddress, destinationPort, TrafficKind.Stream, data, wireBytes, 1, header, route: route);
    }

    /// <summary>The smallest MTU on the way from one host to another (for TCP's segment size).</summary>
    internal int PathMtu(SimHost source, uint destinationAddress)
    {
        var destination = HostAt(destinationAddress);
        if (destination is null || source.Segment is null)
        {
            return source.AccessProfile?.MtuBytes ?? 1500;
        }

        return RouteBetween(source, destination).Hops.Min(queue => queue.Profile.MtuBytes);
    }

    private static bool IsMulticast(uint address) => (address >> 28) == 0xE;

    // A route joins one sender to one receiver until either moves (then routes are made afresh), so its counters are looked up once.
    private TrafficCounters.PairSlots SentSlots(Route route, SimHost source, SimHost destination) =>
        route == Route.None ? Traffic.Pair(source.Id, destination.Id) : route.SentSlots ??= Traffic.Pair(source.Id, destination.Id);

    private void Transmit(SimHost source, int sourcePort, SimHost? destination, uint destinationAddress, int destinationPort, TrafficKind kind, ReadOnlyMemory<byte> payload, int wireBytes, int fragments, TcpHeader tcp, uint group = 0, Route? route = null, bool isMediumRelay = false)
    {
        var packet = _transit.Rent();
        packet.Source = source;
        packet.SourceAddress = source.AddressValue;
        packet.SourcePort = sourcePort;
        packet.Destination = destination;
        packet.DestinationAddress = destinationAddress;
        packet.DestinationPort = destinationPort;
        packet.Kind = kind;
        packet.Group = group;
        packet.Payload = payload;
        packet.WireBytes = wireBytes;
        packet.Fragments = fragments;
        packet.Tcp = tcp;
        packet.Route = route ?? RouteBetween(source, destination!);
        packet.IsMediumRelay = isMediumRelay;
        _transit.Send(packet);
    }

    private Route RouteBetween(SimHost source, SimHost destination)
    {
        var key = ((long)source.Id << 32) | (uint)destination.Id;
        if (_routes.TryGetValue(key, out var route))
        {
            return route;
        }

        if (source.Segment is null || destination.Segment is null)
        {
            return Route.None;
        }

        route = new Route(source.Segment == destination.Segment
            ? [source.AccessUp!, destination.AccessDown!]
            : [source.AccessUp!, source.Segment.UplinkUp, destination.Segment.UplinkDown, destination.AccessDown!]);
        _routes.Add(key, route);
        return route;
    }

    private DropReason? Blocked(Packet packet)
    {
        var destination = packet.Destination;
        if (destination is null)
        {
            return null; // a multicast frame on its way onto the segment: Flood checks each member
        }

        if (!destination.IsUp || destination.AddressValue != packet.DestinationAddress)
        {
            return DropReason.HostDown;
        }

        if (IsIsolated(packet.Source, destination))
        {
            return DropReason.ClientIsolation;
        }

        return IsPartitioned(packet.Source, destination) ? DropReason.Partition : null;
    }

    private static bool IsIsolated(SimHost source, SimHost destination) =>
        source.Segment is { } segment && segment == destination.Segment && segment.Isolates(source, destination);

    private void Deliver(Packet packet)
    {
        if (packet.Destination is null)
        {
            Flood(packet);
            return;
        }

        var destination = packet.Destination;
        var route = packet.Route;
        if (packet.Kind == TrafficKind.Multicast || route == Route.None)
        {
            // A flooded copy travels on its member's own down route, which every sender shares.
            Traffic.CountReceived(destination.Id, packet.Source.Id, packet.Kind, packet.WireBytes, packet.Payload.Length);
        }
        else
        {
            route.ReceivedSlots ??= Traffic.Pair(destination.Id, packet.Source.Id);
            Traffic.CountReceived(route.ReceivedSlots, packet.Kind, packet.WireBytes, packet.Payload.Length);
        }

        if (packet.Kind == TrafficKind.Stream)
        {
            destination.Sockets.DeliverSegment(packet);
        }
        else if (destination.Sockets.DeliverDatagram(packet) is { } reason)
        {
            Traffic.CountDrop(reason);
        }
    }

    /// <summary>
    /// A multicast frame reached its segment. Stations on the medium it crossed heard it there; each
    /// other shared medium (another Wi-Fi channel) gets one relayed copy for all its stations; hosts on
    /// switch ports get a copy each over their own down link. It never leaves the segment.
    /// </summary>
    private void Flood(Packet packet)
    {
        var source = packet.Source;
        if (source.Segment is null || source.AddressValue != packet.SourceAddress)
        {
            Traffic.CountDrop(DropReason.HostDown); // the sender moved while its frame was in flight
            return;
        }

        if (source.Segment.Kind == SegmentKind.Cellular)
        {
            Traffic.CountDrop(DropReason.MulticastNotForwarded); // one carrier's phones never hear each other's mDNS
            return;
        }

        var crossed = packet.Route.Hops[^1].Medium;
        _relayedMedia.Clear();
        foreach (var member in source.Segment.Hosts)
        {
            if (member == source || !member.IsUp || !member.Sockets.ListensToGroup(packet.Group, packet.DestinationPort))
            {
                continue;
            }

            var down = member.AccessDown!;
            if (down.Medium == crossed)
            {
                DeliverFloodedCopy(packet, member);
            }
            else if (packet.IsMediumRelay)
            {
                continue;
            }
            else if (down.Air is { } air)
            {
                if (!_relayedMedia.Contains(air.Channel))
                {
                    _relayedMedia.Add(air.Channel);
                    Transmit(source, packet.SourcePort, null, packet.DestinationAddress, packet.DestinationPort, TrafficKind.Multicast, packet.Payload, packet.WireBytes, packet.Fragments, default, packet.Group, member.DownRoute, isMediumRelay: true);
                }
            }
            else
            {
                Transmit(source, packet.SourcePort, member, member.AddressValue, packet.DestinationPort, TrafficKind.Multicast, packet.Payload, packet.WireBytes, packet.Fragments, default, packet.Group, member.DownRoute);
            }
        }
    }

    private void DeliverFloodedCopy(Packet packet, SimHost member)
    {
        if (IsIsolated(packet.Source, member))
        {
            Traffic.CountDrop(DropReason.ClientIsolation);
            return;
        }

        if (IsPartitioned(packet.Source, member))
        {
            Traffic.CountDrop(DropReason.Partition);
            return;
        }

        Traffic.CountReceived(member.Id, packet.Source.Id, TrafficKind.Multicast, packet.WireBytes, packet.Payload.Length);
        if (member.Sockets.DeliverDatagram(packet) is { } reason)
        {
            Traffic.CountDrop(reason);
        }
    }

    private bool IsPartitioned(SimHost source, SimHost destination)
    {
        foreach (var partition in _partitions)
        {
            if (partition.Blocks(source.Id, destination.Id))
            {
                return true;
            }
        }

        return false;
    }

    private void Attach(SimHost host, Segment segment, LinkProfile access)
    {
        var (up, down) = access.Wifi is null
            ? (new LinkQueue($"{host.Name}/up", access, access.UpBitsPerSecond, host.UpRandom), new LinkQueue($"{host.Name}/down", access, access.DownBitsPerSecond, host.DownRandom))
            : segment.ChannelFor(access, number => OpenChannel(segment, access, number)).Associate(host.Name, access, host.UpRandom, host.DownRandom);
        Time(up, host.Role, access.Name, "up");
        Time(down, host.Role, access.Name, "down");
        host.Attach(segment, access, FreeAddress(segment), up, down);
        segment.Attach(host);
        _hostsByAddress.Add(host.AddressValue, host);
        _routes.Clear();
    }

    // Each queue looks up where its timings go once, when it is made: recording then costs no lookup.
    private void Time(LinkQueue queue, string? role, string link, string direction)
    {
        var where = role is null ? $"{link}, {direction}" : $"{role}: {link}, {direction}";
        if (queue.Air is { } air)
        {
            air.Timing = Queues.Stage(air.AtAccessPoint ? Metrics.QueueKind.WifiAccessPoint : Metrics.QueueKind.WifiStation, role is null ? link : $"{role}: {link}");
        }
        else
        {
            queue.Queued = Queues.Stage(Metrics.QueueKind.Link, where);
        }

        queue.Delayed = Queues.Stage(Metrics.QueueKind.LinkDelay, where);
    }

    /// <summary>One hop direction's random stream, named for it, so it does not shift when other hops carry more or less traffic.</summary>
    internal SimRandom LinkRandom(string hop) => Simulation.Random($"network/links/{hop}");

    private WifiChannel OpenChannel(Segment segment, LinkProfile profile, int number)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{segment.Name}/{profile.Name}/ap{number}");
        return new WifiChannel(name, profile, Simulation, Simulation.Random($"network/air/{name}"), _transit);
    }

    /// <summary>The segment's next unused address; numbers wrap, so hosts that roam for days never run out.</summary>
    private uint FreeAddress(Segment segment)
    {
        for (var attempt = 0; attempt < Segment.MaxHostNumber; attempt++)
        {
            var number = segment.NextHostNumber;
            segment.NextHostNumber = number == Segment.MaxHostNumber ? 1 : number + 1;
            var address = segment.AddressValueOf(number);
            if (!_hostsByAddress.ContainsKey(address))
            {
                return address;
            }
        }

        throw new InvalidOperationException($"Segment {segment.Name} is full: {Segment.MaxHostNumber} hosts at once.");
    }

    private void Detach(SimHost host)
    {
        if (host.Segment is { } segment)
        {
            host.AccessUp?.Air?.Channel.Disassociate();
            segment.Detach(host);
            _hostsByAddress.Remove(host.AddressValue);
            host.Detach();
            _routes.Clear();
        }
    }
}
