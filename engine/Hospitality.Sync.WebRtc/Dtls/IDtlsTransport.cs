namespace Hospitality.Sync.WebRtc.Dtls;

/// <summary>
/// DTLS 1.2 for one WebRTC data-channel path (RFC 8261, RFC 8827): carries SCTP packets once both
/// sides proved their certificates match the SDP fingerprints. The owner feeds it every datagram
/// whose first byte is 20-63 (RFC 9443) and sends what <see cref="DtlsTransportParameters.Transmit"/>
/// hands out. An implementation may work on its own thread (BouncyCastle blocks), so its events
/// can arrive on any thread and the owner serializes them; a sans-IO one asks for timers instead.
/// </summary>
public interface IDtlsTransport : IDisposable
{
    /// <summary>What DTLS 1.2 with AES-128-GCM adds to each application datagram: a 13-byte record header, an 8-byte explicit nonce and a 16-byte tag.</summary>
    public const int RecordOverheadBytes = 13 + 8 + 16;

    DtlsTransportState State { get; }

    /// <summary>Why the transport failed; null unless <see cref="State"/> is <see cref="DtlsTransportState.Failed"/>.</summary>
    string? FailureReason { get; }

    /// <summary>When <see cref="HandleTimers"/> should next run (a <see cref="TimeProvider"/> timestamp); null when nothing is armed or the implementation keeps its own time.</summary>
    long? NextTimerTimestamp { get; }

    event Action<DtlsTransportState>? StateChanged;

    /// <summary>One decrypted application record (an SCTP packet).</summary>
    event Action<ReadOnlyMemory<byte>>? DataReceived;

    /// <summary>Starts the handshake: a client sends its ClientHello, a server waits for one.</summary>
    void Start();

    /// <summary>Takes one incoming datagram of DTLS records. Malformed or unexpected input is dropped or fails the transport; it never throws.</summary>
    void HandleDatagram(ReadOnlySpan<byte> datagram);

    /// <summary>Sends one application record.</summary>
    /// <exception cref="InvalidOperationException">The transport is not connected.</exception>
    void Send(ReadOnlySpan<byte> data);

    void HandleTimers();

    /// <summary>Sends close_notify (when connected) and stops; <see cref="State"/> becomes Closed.</summary>
    void Close();
}
