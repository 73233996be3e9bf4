using Hospitality.Sync.Ports;
using Hospitality.Sync.WebRtc.Dtls;

namespace Hospitality.Sim.WebRtc;

/// <summary>
/// The simulator's substitute for BouncyCastle's DTLS, which reads the wall clock and blocks in
/// its receive call (ARCHITECTURE.md): a sans-IO model of the DTLS 1.2 handshake with the same
/// flights, record headers and sizes, retransmission on virtual time (1 s, doubling), the real
/// certificate DER checked against the SDP fingerprint, and application records carrying the
/// 37 bytes of GCM overhead. It does not encrypt. The real layer is proved by the interop tests
/// on loopback sockets. Flights: ClientHello; ServerHello, Certificate, ServerKeyExchange,
/// CertificateRequest, ServerHelloDone; Certificate, ClientKeyExchange, CertificateVerify,
/// ChangeCipherSpec, Finished; ChangeCipherSpec, Finished.
/// </summary>
public sealed class DtlsModel : IDtlsTransport
{
    private const int NonceBytes = 8;
    private const int TagBytes = 16;
    private const byte AlertFatal = 2;
    private const byte AlertCloseNotify = 0;
    private const byte AlertBadCertificate = 42;
    private const byte AlertHandshakeFailure = 40;

    private readonly DtlsTransportParameters _parameters;
    private readonly DtlsModelOptions _options;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly List<DtlsRecord> _received = [];
    private readonly ulong[] _nextSequence = new ulong[2];
    private ushort _nextMessageSeq;
    private byte[]? _lastFlight;
    private long? _retransmitAt;
    private TimeSpan _rto;
    private int _retransmits;
    private bool _peerCertificateOk;
    private bool _answeredPeerFlight;

    public DtlsModel(DtlsTransportParameters parameters, DtlsModelOptions options, TimeProvider time, IRandomSource random)
    {
        this._parameters = parameters;
        this._options = options;
        this._time = time;
        this._random = random;
        _rto = options.RetransmitInitial;
    }

    public DtlsTransportState State { get; private set; }

    public string? FailureReason { get; private set; }

    public long? NextTimerTimestamp => _retransmitAt;

    /// <summary>Datagrams that failed to parse, for tests and traces.</summary>
    public long MalformedDatagrams { get; private set; }

    public event Action<DtlsTransportState>? StateChanged;

    public event Action<ReadOnlyMemory<byte>>? DataReceived;

    private bool IsClient => _parameters.Role == DtlsRole.Client;

    public void Start()
    {
        if (State != DtlsTransportState.New)
        {
            return;
        }

        SetState(DtlsTransportState.Connecting);
        if (IsClient)
        {
            SendFlight([Handshake(DtlsHandshakeMessage.ClientHello, Hello(_options.ClientHelloBodyBytes))]);
        }
    }

    public void HandleDatagram(ReadOnlySpan<byte> datagram)
    {
        if (State is DtlsTransportState.Failed or DtlsTransportState.Closed)
        {
            return;
        }

        _received.Clear();
        if (!DtlsRecord.TryReadAll(datagram, _received))
        {
            MalformedDatagrams++;
        }

        foreach (var record in _received)
        {
            HandleRecord(record);
            if (State is DtlsTransportState.Failed or DtlsTransportState.Closed)
            {
                return;
            }
        }
    }

    public void Send(ReadOnlySpan<byte> data)
    {
        if (State != DtlsTransportState.Connected)
        {
            throw new InvalidOperationException($"DTLS is {State}, not Connected");
        }

        if (data.Length > DtlsRecord.FragmentMaxBytes - NonceBytes - TagBytes)
        {
            throw new ArgumentException($"a record carries at most {DtlsRecord.FragmentMaxBytes - NonceBytes - TagBytes} bytes", nameof(data));
        }

        Transmit([Protected(DtlsRecord.ApplicationData, data)]);
    }

    public void HandleTimers()
    {
        if (_retransmitAt is not { } due || _time.GetTimestamp() < due || _lastFlight is null)
        {
            return;
        }

        if (_retransmits >= _options.RetransmitsMax)
        {
            Fail($"the handshake timed out after {_retransmits} retransmissions", alert: null);
            return;
        }

        _retransmits++;
        _rto *= 2;
        _retransmitAt = _time.GetTimestamp() + Ticks(_rto);
        _parameters.Transmit(_lastFlight);
    }

    public void Close()
    {
        if (State is DtlsTransportState.Closed or DtlsTransportState.Failed)
        {
            return;
        }

        if (State == DtlsTransportState.Connected)
        {
            Transmit([Protected(DtlsRecord.Alert, [1, AlertCloseNotify])]);
        }

        _retransmitAt = null;
        SetState(DtlsTransportState.Closed);
    }

    public void Dispose() => _retransmitAt = null;

    private void HandleRecord(DtlsRecord record)
    {
        switch (record.ContentType, record.Epoch)
        {
            case (DtlsRecord.Handshake, 0):
                if (DtlsHandshakeMessage.TryDecode(record.Fragment.Span, out var message))
                {
                    HandleHandshake(message);
                }

                break;
            case (DtlsRecord.Handshake, 1) when Unprotect(record.Fragment) is { } inner:
                if (DtlsHandshakeMessage.TryDecode(inner.Span, out var finished) && finished.Type == DtlsHandshakeMessage.Finished)
                {
                    HandleFinished();
                }

                break;
            case (DtlsRecord.ApplicationData, 1) when State == DtlsTransportState.Connected && Unprotect(record.Fragment) is { } data:
                DataReceived?.Invoke(data.ToArray());
                break;
            case (DtlsRecord.Alert, 0):
                HandleAlert(record.Fragment.Span);
                break;
            case (DtlsRecord.Alert, 1) when Unprotect(record.Fragment) is { } alert:
                HandleAlert(alert.Span);
                break;
            default:
                // ChangeCipherSpec carries nothing the model needs; anything else is dropped like a record that fails to decrypt.
                break;
        }
    }

    private void HandleHandshake(DtlsHandshakeMessage message)
    {
        switch (message.Type)
        {
            case DtlsHandshakeMessage.ClientHello when !IsClient && State == DtlsTransportState.Connecting:
                if (_lastFlight is null)
                {
                    SendFlight(
                    [
                        Handshake(DtlsHandshakeMessage.ServerHello, Hello(_options.ServerHelloBodyBytes)),
                        Handshake(DtlsHandshakeMessage.Certificate, DtlsHandshakeMessage.CertificateBody(_parameters.LocalCertificate.Der)),
                        Handshake(DtlsHandshakeMessage.ServerKeyExchange, Filler(_options.ServerKeyExchangeBodyBytes)),
                        Handshake(DtlsHandshakeMessage.CertificateRequest, Filler(_options.CertificateRequestBodyBytes)),
                        Handshake(DtlsHandshakeMessage.ServerHelloDone, []),
                    ]);
                }
                else if (!_answeredPeerFlight)
                {
                    // The peer retransmitted its ClientHello: our flight was lost, send it again (RFC 6347 section 4.2.4).
                    _parameters.Transmit(_lastFlight);
                }

                break;
            case DtlsHandshakeMessage.Certificate:
                if (!DtlsHandshakeMessage.TryReadCertificate(message.Body.Span, out var der))
                {
                    Fail("the peer's Certificate message is malformed", AlertBadCertificate);
                }
                else if (!_parameters.RemoteFingerprint.Matches(der))
                {
                    Fail($"the peer's certificate does not match its SDP fingerprint {_parameters.RemoteFingerprint}", AlertBadCertificate);
                }
                else
                {
                    _peerCertificateOk = true;
                }

                break;
            case DtlsHandshakeMessage.ServerHelloDone when IsClient && State == DtlsTransportState.Connecting:
                if (!_peerCertificateOk)
                {
                    Fail("the server sent no certificate", AlertHandshakeFailure);
                }
                else if (!_answeredPeerFlight)
                {
                    _answeredPeerFlight = true;
                    SendFlight(
                    [
                        Handshake(DtlsHandshakeMessage.Certificate, DtlsHandshakeMessage.CertificateBody(_parameters.LocalCertificate.Der)),
                        Handshake(DtlsHandshakeMessage.ClientKeyExchange, Filler(_options.ClientKeyExchangeBodyBytes)),
                        Handshake(DtlsHandshakeMessage.CertificateVerify, Filler(_options.CertificateVerifyBodyBytes)),
                        .. Finished(),
                    ]);
                }
                else if (_lastFlight is not null)
                {
                    _parameters.Transmit(_lastFlight);
                }

                break;
            default:
                break;
        }
    }

    private void HandleFinished()
    {
        if (IsClient)
        {
            if (State == DtlsTransportState.Connecting && _answeredPeerFlight)
            {
                _retransmitAt = null;
                SetState(DtlsTransportState.Connected);
            }

            return;
        }

        if (State == DtlsTransportState.Connecting && _lastFlight is not null)
        {
            if (!_peerCertificateOk)
            {
                Fail("the client sent no certificate, though the server asked for one", AlertHandshakeFailure);
                return;
            }

            // The server's last flight is not retransmitted on a timer, only when the client's flight comes again.
            _answeredPeerFlight = true;
            _retransmitAt = null;
            _lastFlight = Datagram(Finished());
            _parameters.Transmit(_lastFlight);
            SetState(DtlsTransportState.Connected);
        }
        else if (State == DtlsTransportState.Connected && _lastFlight is not null)
        {
            _parameters.Transmit(_lastFlight);
        }
    }

    private void HandleAlert(ReadOnlySpan<byte> alert)
    {
        if (alert.Length != 2)
        {
            return;
        }

        if (alert[1] == AlertCloseNotify)
        {
            _retransmitAt = null;
            SetState(DtlsTransportState.Closed);
        }
        else if (alert[0] == AlertFatal)
        {
            Fail($"the peer sent fatal alert {alert[1]}", alert: null);
        }
    }

    private void Fail(string reason, byte? alert)
    {
        if (alert is { } description)
        {
            Transmit([Record(DtlsRecord.Alert, 0, [AlertFatal, description])]);
        }

        _retransmitAt = null;
        FailureReason = reason;
        SetState(DtlsTransportState.Failed);
    }

    private DtlsRecord[] Finished() =>
    [
        Record(DtlsRecord.ChangeCipherSpec, 0, [1]),
        Protected(DtlsRecord.Handshake, new DtlsHandshakeMessage(DtlsHandshakeMessage.Finished, _nextMessageSeq++, Filler(_options.FinishedBodyBytes)).Encode()),
    ];

    private DtlsRecord Handshake(byte type, byte[] body) =>
        Record(DtlsRecord.Handshake, 0, new DtlsHandshakeMessage(type, _nextMessageSeq++, body).Encode());

    /// <summary>An epoch-1 record: the 8-byte explicit nonce (epoch and sequence, as GCM's is), the plaintext, and a 16-byte tag.</summary>
    private DtlsRecord Protected(byte type, ReadOnlySpan<byte> plaintext)
    {
        var fragment = new byte[NonceBytes + plaintext.Length + TagBytes];
        var sequence = _nextSequence[1];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(fragment, (1UL << 48) | sequence);
        plaintext.CopyTo(fragment.AsSpan(NonceBytes));
        return Record(type, 1, fragment);
    }

    private static ReadOnlyMemory<byte>? Unprotect(ReadOnlyMemory<byte> fragment) =>
        fragment.Length < NonceBytes + TagBytes ? null : fragment.Slice(NonceBytes, fragment.Length - NonceBytes - TagBytes);

    private DtlsRecord Record(byte type, ushort epoch, byte[] fragment) => new(type, epoch, _nextSequence[epoch]++, fragment);

    private void SendFlight(DtlsRecord[] records)
    {
        _lastFlight = Datagram(records);
        _retransmits = 0;
        _rto = _options.RetransmitInitial;
        _retransmitAt = _time.GetTimestamp() + Ticks(_rto);
        _parameters.Transmit(_lastFlight);
    }

    private void Transmit(DtlsRecord[] records) => _parameters.Transmit(Datagram(records));

    private static byte[] Datagram(DtlsRecord[] records)
    {
        var bytes = new byte[records.Sum(r => r.EncodedBytes)];
        var offset = 0;
        foreach (var record in records)
        {
            record.WriteTo(bytes.AsSpan(offset));
            offset += record.EncodedBytes;
        }

        return bytes;
    }

    /// <summary>A hello body: version, a 32-byte random from the seeded source, and filler up to the real size.</summary>
    private byte[] Hello(int bodyBytes)
    {
        var body = new byte[Math.Max(bodyBytes, 34)];
        body[0] = 0xFE;
        body[1] = 0xFD;
        _random.NextBytes(body.AsSpan(2, 32));
        return body;
    }

    private static byte[] Filler(int bytes) => new byte[bytes];

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private void SetState(DtlsTransportState state)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        StateChanged?.Invoke(state);
    }
}
