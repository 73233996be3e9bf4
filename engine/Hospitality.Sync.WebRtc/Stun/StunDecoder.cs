using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>
/// Reads a STUN message from untrusted bytes. Every length is checked before it is used; anything
/// malformed raises <see cref="StunFormatException"/> naming the problem, and nothing else escapes.
/// </summary>
internal static class StunDecoder
{
    private const int AttributeHeaderBytes = 4;

    /// <summary>A receiver accepts USERNAME up to 513 bytes, more than a sender may write (RFC 8489 section 14.3).</summary>
    private const int UsernameMaxReceivedBytes = 513;

    public static StunMessage Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < StunMessage.HeaderBytes)
        {
            throw new StunFormatException($"{packet.Length} bytes is shorter than the 20-byte STUN header");
        }

        var rawType = BinaryPrimitives.ReadUInt16BigEndian(packet);
        if ((rawType & 0xC000) != 0)
        {
            throw new StunFormatException($"the two leading bits of a STUN message are zero, not in type 0x{rawType:X4}");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (length % 4 != 0)
        {
            throw new StunFormatException($"message length {length} is not a multiple of 4");
        }

        if (length != packet.Length - StunMessage.HeaderBytes)
        {
            throw new StunFormatException($"message length {length} does not match the {packet.Length - StunMessage.HeaderBytes} bytes after the header");
        }

        var cookie = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        if (cookie != StunMessage.MagicCookie)
        {
            throw new StunFormatException($"magic cookie 0x{cookie:X8} is not 0x{StunMessage.MagicCookie:X8}");
        }

        var transactionId = StunTransactionId.Read(packet[8..]);
        var fields = new Fields();
        var offset = StunMessage.HeaderBytes;
        while (offset < packet.Length)
        {
            if (packet.Length - offset < AttributeHeaderBytes)
            {
                throw new StunFormatException($"attribute header at byte {offset} is cut short");
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            var valueBytes = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            var paddedBytes = (valueBytes + 3) & ~3;
            if (paddedBytes > packet.Length - offset - AttributeHeaderBytes)
            {
                throw new StunFormatException($"attribute 0x{type:X4} at byte {offset} claims {valueBytes} bytes; only {packet.Length - offset - AttributeHeaderBytes} remain");
            }

            if (fields.HasFingerprint)
            {
                throw new StunFormatException($"attribute 0x{type:X4} follows FINGERPRINT, which must be last");
            }

            var value = packet.Slice(offset + AttributeHeaderBytes, valueBytes);
            if (fields.IntegrityValue is null || type == StunAttributeType.Fingerprint)
            {
                Read(ref fields, packet, offset, type, value, transactionId);
            }

            // After MESSAGE-INTEGRITY everything but FINGERPRINT (and the SHA-256 integrity) is ignored (RFC 8489 section 14.5).
            offset += AttributeHeaderBytes + paddedBytes;
        }

        // Checked once the framing is known good, so a misplaced FINGERPRINT is reported as that.
        if (fields.HasFingerprint)
        {
            var expected = Crc32.Compute(packet[..fields.FingerprintOffset]) ^ StunMessage.FingerprintXor;
            if (fields.ReceivedFingerprint != expected)
            {
                throw new StunFormatException($"FINGERPRINT 0x{fields.ReceivedFingerprint:X8} does not match the message (0x{expected:X8})");
            }
        }

        var message = new StunMessage
        {
            Type = StunMessageType.FromWire(rawType),
            TransactionId = transactionId,
            Username = fields.Username,
            Software = fields.Software,
            Priority = fields.Priority,
            UseCandidate = fields.UseCandidate,
            IceControlling = fields.IceControlling,
            IceControlled = fields.IceControlled,
            XorMappedAddress = fields.XorMappedAddress,
            MappedAddress = fields.MappedAddress,
            ErrorCode = fields.ErrorCode,
            UnknownAttributes = fields.UnknownAttributes ?? [],
            UnrecognizedRequiredAttributes = fields.Unrecognized ?? [],
            HasFingerprint = fields.HasFingerprint,
        };
        return fields.IntegrityValue is null ? message : message.WithIntegrity(fields.IntegrityInput!, fields.IntegrityValue);
    }

    /// <summary>Reads one attribute. Only the first of a repeated attribute counts (RFC 8489 section 14).</summary>
    private static void Read(ref Fields fields, ReadOnlySpan<byte> packet, int offset, ushort type, ReadOnlySpan<byte> value, StunTransactionId transactionId)
    {
        switch (type)
        {
            case StunAttributeType.Username:
                fields.Username ??= Text(value, "USERNAME", UsernameMaxReceivedBytes);
                break;
            case StunAttributeType.Software:
                fields.Software ??= Text(value, "SOFTWARE", StunMessage.SoftwareMaxBytes);
                break;
            case StunAttributeType.Priority:
                fields.Priority ??= BinaryPrimitives.ReadUInt32BigEndian(Exactly(value, 4, "PRIORITY"));
                break;
            case StunAttributeType.UseCandidate:
                Exactly(value, 0, "USE-CANDIDATE");
                fields.UseCandidate = true;
                break;
            case StunAttributeType.IceControlling:
                fields.IceControlling ??= BinaryPrimitives.ReadUInt64BigEndian(Exactly(value, 8, "ICE-CONTROLLING"));
                break;
            case StunAttributeType.IceControlled:
                fields.IceControlled ??= BinaryPrimitives.ReadUInt64BigEndian(Exactly(value, 8, "ICE-CONTROLLED"));
                break;
            case StunAttributeType.XorMappedAddress:
                fields.XorMappedAddress ??= StunAddress.Read(value, xor: true, transactionId, "XOR-MAPPED-ADDRESS");
                break;
            case StunAttributeType.MappedAddress:
                fields.MappedAddress ??= StunAddress.Read(value, xor: false, transactionId, "MAPPED-ADDRESS");
                break;
            case StunAttributeType.ErrorCode:
                fields.ErrorCode ??= ErrorCode(value);
                break;
            case StunAttributeType.UnknownAttributes:
                fields.UnknownAttributes ??= TypeList(value);
                break;
            case StunAttributeType.MessageIntegrity:
                Exactly(value, 20, "MESSAGE-INTEGRITY");
                fields.IntegrityInput = IntegrityInput(packet, offset);
                fields.IntegrityValue = value.ToArray();
                break;
            case StunAttributeType.Fingerprint:
                fields.ReceivedFingerprint = BinaryPrimitives.ReadUInt32BigEndian(Exactly(value, 4, "FINGERPRINT"));
                fields.FingerprintOffset = offset;
                fields.HasFingerprint = true;
                break;
            default:
                if (StunAttributeType.IsComprehensionRequired(type))
                {
                    fields.Unrecognized ??= [];
                    if (!fields.Unrecognized.Contains(type))
                    {
                        fields.Unrecognized.Add(type);
                    }
                }

                // Unknown comprehension-optional attributes (Chromium's 0xC057 GOOG-NETWORK-INFO) are skipped.
                break;
        }
    }

    /// <summary>The bytes the HMAC covers: the message before the attribute, its length set as if MESSAGE-INTEGRITY ended it.</summary>
    private static byte[] IntegrityInput(ReadOnlySpan<byte> packet, int offset)
    {
        var input = packet[..offset].ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(2), (ushort)(offset + AttributeHeaderBytes + 20 - StunMessage.HeaderBytes));
        return input;
    }

    private static StunErrorCode ErrorCode(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw new StunFormatException($"ERROR-CODE is {value.Length} bytes; it needs at least 4");
        }

        var hundreds = value[2] & 0x07;
        var units = value[3];
        if (hundreds is < 3 or > 6 || units > 99)
        {
            throw new StunFormatException($"ERROR-CODE class {hundreds} number {units} is not a code from 300 to 699");
        }

        return new StunErrorCode((hundreds * 100) + units, Text(value[4..], "ERROR-CODE reason", StunErrorCode.ReasonMaxBytes));
    }

    private static List<ushort> TypeList(ReadOnlySpan<byte> value)
    {
        if (value.Length % 2 != 0)
        {
            throw new StunFormatException($"UNKNOWN-ATTRIBUTES is {value.Length} bytes; it holds 16-bit types");
        }

        var types = new List<ushort>(value.Length / 2);
        for (var i = 0; i < value.Length; i += 2)
        {
            types.Add(BinaryPrimitives.ReadUInt16BigEndian(value[i..]));
        }

        return types;
    }

    private static string Text(ReadOnlySpan<byte> value, string name, int maxBytes)
    {
        if (value.Length > maxBytes)
        {
            throw new StunFormatException($"{name} is {value.Length} bytes; the limit is {maxBytes}");
        }

        if (!Utf8.IsValid(value))
        {
            throw new StunFormatException($"{name} is not valid UTF-8");
        }

        return Encoding.UTF8.GetString(value);
    }

    private static ReadOnlySpan<byte> Exactly(ReadOnlySpan<byte> value, int bytes, string name) =>
        value.Length == bytes ? value : throw new StunFormatException($"{name} is {value.Length} bytes; it must be {bytes}");

    /// <summary>What has been read so far; filled in attribute order.</summary>
    private struct Fields
    {
        public string? Username;
        public string? Software;
        public uint? Priority;
        public bool UseCandidate;
        public ulong? IceControlling;
        public ulong? IceControlled;
        public System.Net.IPEndPoint? XorMappedAddress;
        public System.Net.IPEndPoint? MappedAddress;
        public StunErrorCode? ErrorCode;
        public List<ushort>? UnknownAttributes;
        public List<ushort>? Unrecognized;
        public byte[]? IntegrityInput;
        public byte[]? IntegrityValue;
        public bool HasFingerprint;
        public uint ReceivedFingerprint;
        public int FingerprintOffset;
    }
}
