using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Demo;

/// <summary>
/// A device that keeps a message connection to a server (status updates, reconnecting after
/// failures), pings a neighbour with datagrams and announces itself by multicast in its segment.
/// </summary>
internal sealed class DemoDevice(SimHost host, IPEndPoint server, SimRandom random) : IGameComponent
{
    public const int DatagramPort = 7000;
    public static readonly IPEndPoint AnnounceGroup = new(IPAddress.Parse("224.0.0.251"), 5353);

    private readonly byte[] _status = new byte[2048];
    private Simulation _simulation = null!;
    private IMessageConnection? _connection;
    private IDatagramSocket? _socket;
    private IDatagramSocket? _announcer;
    private bool _connecting;

    public IPEndPoint? Neighbour { get; set; }

    public long MessagesAcknowledged { get; private set; }

    public long DatagramsReceived { get; private set; }

    public long AnnouncementsHeard { get; private set; }

    public long Reconnects { get; private set; }

    public bool IsConnected => _connection is not null;

    public void Initialize(SimulationGame game)
    {
        _simulation = game.Simulation;
        random.NextBytes(_status);
        _simulation.Spawn($"{host.Name}/datagrams", ListenDatagramsAsync);
        _simulation.Spawn($"{host.Name}/announcements", ListenAnnouncementsAsync);
    }

    public void Update(SimTime time)
    {
        if (_connection is null && !_connecting)
        {
            _connecting = true;
            _simulation.Spawn($"{host.Name}/connect", ConnectAsync);
        }

        if (_connection is { } connection && random.Chance(0.2))
        {
            _simulation.Spawn($"{host.Name}/status", () => SendStatusAsync(connection));
        }

        if (_socket is { } socket && Neighbour is { } neighbour && random.Chance(0.1))
        {
            _ = socket.SendAsync(_status.AsMemory(0, 64 + random.Next(256)), neighbour);
        }

        if (_announcer is { } announcer && random.Chance(0.002))
        {
            _ = announcer.SendAsync(_status.AsMemory(0, 120), AnnounceGroup);
        }
    }

    public void Draw(FrameLog frames)
    {
    }

    private async Task ConnectAsync()
    {
        try
        {
            var connection = await host.Network.ConnectAsync(server);
            _connection = connection;
            _ = _simulation.Spawn($"{host.Name}/acks", () => ReadAcksAsync(connection));
        }
        catch (NetworkConnectionException)
        {
            Reconnects++;
        }
        finally
        {
            _connecting = false;
        }
    }

    private async Task SendStatusAsync(IMessageConnection connection)
    {
        try
        {
            await connection.SendAsync(_status.AsMemory(0, 200 + random.Next(1800)));
        }
        catch (NetworkConnectionException)
        {
            Drop(connection);
        }
    }

    private async Task ReadAcksAsync(IMessageConnection connection)
    {
        try
        {
            while (await connection.ReceiveAsync() is not null)
            {
                MessagesAcknowledged++;
            }
        }
        catch (NetworkConnectionException)
        {
        }

        Drop(connection);
    }

    private void Drop(IMessageConnection connection)
    {
        if (_connection == connection)
        {
            _connection = null;
            Reconnects++;
        }
    }

    private async Task ListenDatagramsAsync()
    {
        _socket = await host.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, DatagramPort));
        while (true)
        {
            var datagram = await _socket.ReceiveAsync();
            DatagramsReceived++;
            if (datagram.Payload.Length > 8)
            {
                // Answer with the first eight bytes, which the sender ignores.
                await _socket.SendAsync(datagram.Payload[..8], datagram.RemoteEndPoint);
            }
        }
    }

    private async Task ListenAnnouncementsAsync()
    {
        _announcer = await host.Network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, AnnounceGroup.Port));
        _announcer.JoinMulticastGroup(AnnounceGroup.Address);
        while (true)
        {
            await _announcer.ReceiveAsync();
            AnnouncementsHeard++;
        }
    }
}
