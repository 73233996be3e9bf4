using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Discovery;

/// <summary>
/// One host's mDNS (RFC 6762) and DNS-SD (RFC 6763): a socket on 224.0.0.251:5353 over the engine's
/// datagram port, shared by a <see cref="MdnsResponder"/> that claims and defends this host's names
/// and services and a <see cref="MdnsQuerier"/> that browses and resolves others'. The same code
/// runs on the simulator's per-segment multicast and on real UDP multicast.
/// </summary>
/// <example>
/// <code>
/// var mdns = new MulticastDns(network, interfaces, time, random, new MdnsOptions { HostName = "greengrass" });
/// mdns.Responder.Advertise(HospitalityServices.Greengrass("property-1", 8000));
/// await mdns.StartAsync(cancellationToken);
/// </code>
/// </example>
public sealed class MulticastDns : IAsyncDisposable
{
    public static readonly IPEndPoint Group = new(IPAddress.Parse("224.0.0.251"), 5353);

    private readonly INetwork _network;
    private readonly INetworkInterfaces _interfaces;
    private CancellationTokenSource? _running;
    private IDatagramSocket? _socket;
    private Task _receiving = Task.CompletedTask;
    private bool _stopping;

    public MulticastDns(INetwork network, INetworkInterfaces interfaces, TimeProvider time, IRandomSource random, MdnsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _network = network;
        _interfaces = interfaces;
        Responder = new MdnsResponder(this, interfaces, time, random, options);
        Querier = new MdnsQuerier(this, time, random, options);
    }

    public MdnsResponder Responder { get; }

    public MdnsQuerier Querier { get; }

    public MdnsStats Stats { get; } = new();

    /// <summary>Completes when mDNS stopped or its host's lifetime ended; faults if any of its loops failed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Binds the socket and starts probing and browsing. Cancelling the token stops at once, without goodbyes (a crash).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("mDNS is already running on this host.");
        }

        _running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _socket = await _network.BindDatagramAsync(new IPEndPoint(IPAddress.Any, Group.Port), cancellationToken);
        _socket.JoinMulticastGroup(Group.Address);
        _interfaces.Changed += OnAttachmentChanged;
        _receiving = ReceiveAsync(_socket, _running.Token);
        Completion = Task.WhenAll(_receiving, Responder.Start(_running.Token), Querier.Start(_running.Token));
    }

    /// <summary>Says goodbye (every record with TTL 0, RFC 6762 §10.1), then closes the socket.</summary>
    public async Task StopAsync()
    {
        if (_running is null || _socket is null)
        {
            return;
        }

        if (Responder.Goodbye() is { } goodbye)
        {
            await SendAsync(goodbye);
        }

        _interfaces.Changed -= OnAttachmentChanged;
        _stopping = true;
        Responder.Stop();
        _running.Cancel();
        await _socket.DisposeAsync();
        await Completion;
        _running.Dispose();
        _running = null;
        _socket = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Multicasts one packet; a closed socket or a missing route loses it, as UDP would.</summary>
    internal async Task SendAsync(MdnsPacket packet)
    {
        if (_socket is not { } socket || !_interfaces.Current.IsOnline)
        {
            return;
        }

        var bytes = MdnsCodec.Encode(packet);
        Stats.PacketsSent++;
        Stats.BytesSent += bytes.Length;
        try
        {
            await socket.SendAsync(bytes, Group);
        }
        catch (ObjectDisposedException)
        {
            // The host crashed or stopped between deciding to send and sending.
        }
    }

    private async Task ReceiveAsync(IDatagramSocket socket, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Datagram datagram;
            try
            {
                datagram = await socket.ReceiveAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException && (_stopping || cancellationToken.IsCancellationRequested))
            {
                return;
            }

            Stats.PacketsReceived++;
            Stats.BytesReceived += datagram.Payload.Length;
            var decoded = MdnsCodec.Decode(datagram.Payload.Span);
            if (!decoded.IsSuccess)
            {
                Stats.MalformedPackets++;
                continue;
            }

            // RFC 6762 §11: replies come from port 5353; anything else is a one-shot legacy query we do not serve.
            var source = datagram.RemoteEndPoint;
            if (source.Port != Group.Port)
            {
                continue;
            }

            Responder.OnPacket(decoded.Packet, source.Address);
            Querier.OnPacket(decoded.Packet, source.Address, fromSelf: source.Address.Equals(_interfaces.Current.Address));
        }
    }

    private void OnAttachmentChanged(NetworkAttachment attachment)
    {
        // RFC 6762 §10.3 and §8: what was learned on the old link is void, and our names must be probed anew on the new one.
        Querier.OnNetworkChanged();
        Responder.OnNetworkChanged();
    }
}
