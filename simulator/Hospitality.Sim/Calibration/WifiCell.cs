using System.Buffers.Binary;
using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.Network.Wifi;

namespace Hospitality.Sim.Calibration;

/// <summary>
/// A test cell for calibrating the Wi-Fi model: one access point with N stations and a wired server
/// on the same segment, constant-rate UDP senders and an echo for round-trip probes. Everything runs
/// in virtual time on the simulator's own network, so the figures are those the scenarios get.
/// </summary>
internal sealed class WifiCell
{
    public const int SinkPort = 9;
    public const int EchoPort = 7;
    private const int ProbePort = 7007;
    private readonly List<SimHost> _stations = [];

    public WifiCell(ulong seed, LinkProfile wifi, int stations)
    {
        Invariant.Holds(wifi.Wifi is not null, "a Wi-Fi cell runs on a Wi-Fi profile");
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation);
        var segment = Network.AddSegment("cell", SegmentKind.Building, LinkProfiles.Broadband);
        Server = Network.AddHost("server", segment, LinkProfiles.Lan);
        var oneAccessPoint = wifi with { Wifi = wifi.Wifi! with { StationsPerAccessPoint = Math.Max(stations, 1) } };
        for (var i = 0; i < stations; i++)
        {
            _stations.Add(Network.AddHost($"station-{i:D3}", segment, oneAccessPoint));
        }

        Channel = segment.Channels.Single();
        Server.Spawn("echo", async lifetime =>
        {
            var socket = await Server.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, EchoPort), lifetime);
            while (true)
            {
                var datagram = await socket.ReceiveAsync(lifetime);
                await socket.SendAsync(datagram.Payload, datagram.RemoteEndPoint, lifetime);
            }
        });
    }

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public SimHost Server { get; }

    public IReadOnlyList<SimHost> Stations => _stations;

    public WifiChannel Channel { get; }

    /// <summary>Sends a datagram of <paramref name="payloadBytes"/> from one host to another every <paramref name="interval"/>, from <paramref name="start"/> on.</summary>
    public void SendConstantRate(SimHost from, SimHost to, int payloadBytes, TimeSpan interval, TimeSpan start)
    {
        var payload = new byte[payloadBytes];
        var destination = new IPEndPoint(to.Address!, SinkPort);
        Simulation.Clock.CreateTimer(_ => from.Sockets.SendDatagram(SinkPort, destination, payload), null, start, interval);
    }

    /// <summary>
    /// Sends a small probe from <paramref name="station"/> to the server's echo every <paramref name="interval"/>
    /// between <paramref name="start"/> and <paramref name="stop"/>, and records each round trip.
    /// </summary>
    public void Probe(SimHost station, RoundTrips trips, TimeSpan interval, TimeSpan start, TimeSpan stop, int payloadBytes = 64)
    {
        var stopTicks = Simulation.Now.Ticks + stop.Ticks;
        var echo = new IPEndPoint(Server.Address!, EchoPort);
        station.Spawn("probe", async lifetime =>
        {
            var socket = await station.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, ProbePort), lifetime);
            while (true)
            {
                var datagram = await socket.ReceiveAsync(lifetime);
                var sentTicks = BinaryPrimitives.ReadInt64LittleEndian(datagram.Payload.Span);
                trips.Add(TimeSpan.FromTicks(Simulation.Now.Ticks - sentTicks));
            }
        });
        Simulation.Clock.CreateTimer(_ =>
        {
            if (Simulation.Now.Ticks >= stopTicks)
            {
                return;
            }

            var payload = new byte[payloadBytes];
            BinaryPrimitives.WriteInt64LittleEndian(payload, Simulation.Now.Ticks);
            trips.Sent++;
            station.Sockets.SendDatagram(ProbePort, echo, payload);
        }, null, start, interval);
    }

    /// <summary>Wire bytes a host has received by datagram so far.</summary>
    public long ReceivedBytes(SimHost host) => Network.Traffic.Host(host, TrafficKind.Datagram, TrafficDirection.Received).WireBytes;

    public void RunFor(TimeSpan span) => Simulation.RunFor(span);
}
