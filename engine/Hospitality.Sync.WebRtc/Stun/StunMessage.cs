using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>
/// One STUN message (RFC 8489) with the attributes ICE needs as typed properties. Encoding appends
/// MESSAGE-INTEGRITY and FINGERPRINT last; decoding checks the framing, every attribute it knows,
/// and the fingerprint, and keeps what is needed to check the integrity once the key is known.
/// </summary>
internal sealed class StunMessage
{
    public const uint MagicCookie = 0x2112A442;
    public const int HeaderBytes = 20;

    /// <summary>FINGERPRINT is the CRC-32 of the message xored with this ("STUN"), so it differs from other protocols' CRCs.</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>USERNAME is fewer than 509 bytes when sent; a receiver allows up to 513 (RFC 8489 section 14.3).</summary>
    public const int UsernameMaxBytes = 508;

    public const int SoftwareMaxBytes = 763;

    private byte[]? _integrityInput;
    private byte[]? _integrityValue;

    public required StunMessageType Type { get; init; }

    public required StunTransactionId TransactionId { get; init; }

    /// <summary>ICE puts <c>remoteUfrag:localUfrag</c> here, as seen by the sender of a request.</summary>
    public string? Username { get; init; }

    public string? Software { get; init; }

    public uint? Priority { get; init; }

    public bool UseCandidate { get; init; }

    /// <summary>The sender's ICE tie-breaker, when it claims the controlling role.</summary>
    public ulong? IceControlling { get; init; }

    /// <summary>The sender's ICE tie-breaker, when it claims the controlled role.</summary>
    public ulong? IceControlled { get; init; }

    public IPEndPoint? XorMappedAddress { get; init; }

    /// <summary>The pre-XOR form some servers still send beside XOR-MAPPED-ADDRESS.</summary>
    public IPEndPoint? MappedAddress { get; init; }

    public StunErrorCode? ErrorCode { get; init; }

    /// <summary>The UNKNOWN-ATTRIBUTES attribute of a 420 response: the types the responder did not understand.</summary>
    public IReadOnlyList<ushort> UnknownAttributes { get; init; } = [];

    /// <summary>Comprehension-required types this decoder did not understand; a request with any deserves a 420.</summary>
    public IReadOnlyList<ushort> UnrecognizedRequiredAttributes { get; internal init; } = [];

    public bool HasMessageIntegrity => _integrityValue is not null;

    public bool HasFingerprint { get; internal init; }

    /// <summary>The short-term credential key (RFC 8489 section 9.1.1): the password's UTF-8 (ICE passwords are ASCII, so OpaqueString changes nothing).</summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>True for a datagram that is STUN rather than DTLS or RTP: first byte 0-3 (RFC 9443) and the magic cookie.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderBytes && datagram[0] < 4
        && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>Decodes a message from the network.</summary>
    /// <exception cref="StunFormatException">The bytes are not a well-formed STUN message, or its fingerprint is wrong.</exception>
    public static StunMessage Decode(ReadOnlySpan<byte> packet) => StunDecoder.Decode(packet);

    /// <summary>Decodes a message from the network without throwing; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out StunMessage? message, [NotNullWhen(false)] out string? error)
    {
        try
        {
            message = StunDecoder.Decode(packet);
            error = null;
            return true;
        }
        catch (StunFormatException exception)
        {
            message = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>
    /// Encodes the message. With a non-empty <paramref name="integrityKey"/> MESSAGE-INTEGRITY
    /// (HMAC-SHA1) is appended; then FINGERPRINT unless <paramref name="fingerprint"/> is false.
    /// </summary>
    public byte[] Encode(ReadOnlySpan<byte> integrityKey = default, bool fingerprint = true) =>
        StunEncoder.Encode(this, integrityKey, fingerprint);

    /// <summary>True when the decoded message carries MESSAGE-INTEGRITY and it matches <paramref name="key"/>.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityInput is null || _integrityValue is null)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, _integrityInput, expected);
        return CryptographicOperations.FixedTimeEquals(expected, _integrityValue);
    }

    /// <summary>Called by the decoder: the message up to MESSAGE-INTEGRITY with its length patched, and the received HMAC.</summary>
    internal StunMessage WithIntegrity(byte[] input, byte[] value)
    {
        _integrityInput = input;
        _integrityValue = value;
        return this;
    }
}
