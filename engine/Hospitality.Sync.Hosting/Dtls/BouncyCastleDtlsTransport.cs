using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Hospitality.Sync.Hosting.Dtls;

/// <summary>
/// Real DTLS 1.2 on BouncyCastle. Its <c>DtlsClientProtocol.Connect</c> and
/// <c>DtlsServerProtocol.Accept</c> block, so each transport runs the handshake, and then the
/// receive loop, on a thread of its own; incoming datagrams are queued to it. Events are raised on
/// that thread, holding no lock of ours, and the peer connection serializes them; or, given a
/// context to deliver on (a hotel node's run loop), posted to it in order, so the engine above (a
/// data channel's messages reaching P2P replication and the replica) never runs on the DTLS thread.
/// Timers are BouncyCastle's own (on the wall clock), so <see cref="NextTimerTimestamp"/> is always null.
/// </summary>
public sealed class BouncyCastleDtlsTransport : IDtlsTransport
{
    /// <summary>How long the receive loop waits before checking whether it was closed.</summary>
    private const int ReceivePollMillis = 500;

    private readonly DtlsTransportParameters _parameters;
    private readonly SynchronizationContext? _deliverOn;
    private readonly QueuedDatagramTransport _wire;
    private readonly BcTlsCrypto _crypto = new(new SecureRandom());
    private readonly object _stateGate = new();
    private volatile DtlsTransport? _session;
    private volatile bool _closing;
    private volatile bool _peerClosed;
    private DtlsTransportState _state;

    /// <param name="parameters">Role, certificates and the wire.</param>
    /// <param name="deliverOn">Where <see cref="StateChanged"/> and <see cref="DataReceived"/> are raised (posted, in order); null: on the DTLS thread.</param>
    public BouncyCastleDtlsTransport(DtlsTransportParameters parameters, SynchronizationContext? deliverOn = null)
    {
        this._parameters = parameters;
        _deliverOn = deliverOn;
        _wire = new QueuedDatagramTransport(parameters.Transmit);
    }

    public DtlsTransportState State
    {
        get
        {
            lock (_stateGate)
            {
                return _state;
            }
        }
    }

    public string? FailureReason { get; private set; }

    public long? NextTimerTimestamp => null;

    /// <summary>Wall-clock time the handshake took, once connected (for reports; never asserted).</summary>
    public TimeSpan? HandshakeDuration { get; private set; }

    public event Action<DtlsTransportState>? StateChanged;

    public event Action<ReadOnlyMemory<byte>>? DataReceived;

    public void Start()
    {
        if (!TrySetState(DtlsTransportState.Connecting, from: DtlsTransportState.New))
        {
            return;
        }

        var thread = new Thread(Run) { IsBackground = true, Name = $"dtls-{_parameters.Role.ToString().ToLowerInvariant()}" };
        thread.Start();
    }

    /// <summary>Queues the datagram for the DTLS thread, unless its framing is broken; BouncyCastle drops what does not authenticate.</summary>
    public void HandleDatagram(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length <= QueuedDatagramTransport.ReceiveLimitBytes && DtlsRecordFilter.IsWellFormed(datagram))
        {
            _wire.Enqueue(datagram);
        }
    }

    public void Send(ReadOnlySpan<byte> data)
    {
        var connected = _session;
        if (connected is null || State != DtlsTransportState.Connected)
        {
            throw new InvalidOperationException($"DTLS is {State}, not Connected");
        }

        try
        {
            connected.Send(data);
        }
        catch (Exception exception) when (exception is IOException or TlsException)
        {
            // Lost like a datagram; a transport that broke reports it from its receive loop.
        }
    }

    public void HandleTimers()
    {
    }

    public void Close()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        try
        {
            _session?.Close();
        }
        catch (Exception exception) when (exception is IOException or TlsException)
        {
        }

        _wire.Close();
        TrySetState(DtlsTransportState.Closed, from: null);
    }

    public void Dispose() => Close();

    private void Run()
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            _session = _parameters.Role == DtlsRole.Client
                ? new DtlsClientProtocol().Connect(new WebRtcDtlsClient(_crypto, _parameters.LocalCertificate, _parameters.RemoteFingerprint, OnAlert), _wire)
                : new DtlsServerProtocol().Accept(new WebRtcDtlsServer(_crypto, _parameters.LocalCertificate, _parameters.RemoteFingerprint, OnAlert), _wire);
            HandshakeDuration = TimeProvider.System.GetElapsedTime(started);
            if (!TrySetState(DtlsTransportState.Connected, from: DtlsTransportState.Connecting))
            {
                _session.Close();
                return;
            }

            ReceiveLoop(_session);
        }
        catch (Exception exception) when (_closing)
        {
            _ = exception;
        }
        catch (TlsFatalAlertReceived alert)
        {
            Fail($"the peer sent fatal alert {AlertDescription.GetText(alert.AlertDescription)}");
        }
        catch (TlsFatalAlert alert)
        {
            Fail(alert.Message ?? $"fatal alert {AlertDescription.GetText(alert.AlertDescription)}");
        }
        catch (Exception) when (_peerClosed)
        {
            // After close_notify BouncyCastle closes the wire, and the next receive reports it.
            TrySetState(DtlsTransportState.Closed, from: null);
        }
        catch (Exception exception)
        {
            // This is the thread's outermost frame: anything BouncyCastle throws on hostile input fails the transport, never the process.
            Fail($"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private void ReceiveLoop(DtlsTransport connected)
    {
        var buffer = new byte[connected.GetReceiveLimit()];
        while (!_closing && !_peerClosed && !_wire.IsClosed)
        {
            var length = connected.Receive(buffer, 0, buffer.Length, ReceivePollMillis);
            if (length > 0)
            {
                var data = buffer.AsSpan(0, length).ToArray();
                Deliver(() => DataReceived?.Invoke(data));
            }
        }

        if (!_closing)
        {
            TrySetState(DtlsTransportState.Closed, from: DtlsTransportState.Connected);
        }
    }

    private void OnAlert(short description)
    {
        if (description == AlertDescription.close_notify)
        {
            _peerClosed = true;
        }
    }

    private void Fail(string reason)
    {
        FailureReason = reason;
        TrySetState(DtlsTransportState.Failed, from: null);
    }

    /// <summary>Moves to <paramref name="next"/> (only from <paramref name="from"/> when given; never out of Failed or Closed) and raises the event outside the lock.</summary>
    private bool TrySetState(DtlsTransportState next, DtlsTransportState? from)
    {
        lock (_stateGate)
        {
            if (_state == next || _state is DtlsTransportState.Failed or DtlsTransportState.Closed || (from is { } required && _state != required))
            {
                return false;
            }

            _state = next;
        }

        Deliver(() => StateChanged?.Invoke(next));
        return true;
    }

    /// <summary>Raises an event here, or posts it to the delivery context; one that has stopped (its node is shutting down) drops it.</summary>
    private void Deliver(Action raise)
    {
        if (_deliverOn is null)
        {
            raise();
            return;
        }

        try
        {
            _deliverOn.Post(static state => ((Action)state!)(), raise);
        }
        catch (InvalidOperationException)
        {
            // The run loop has stopped: nobody is left to tell.
        }
    }
}
