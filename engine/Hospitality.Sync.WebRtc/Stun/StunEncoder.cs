using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>Writes a <see cref="StunMessage"/>: header, attributes padded to four bytes with zeros, then MESSAGE-INTEGRITY and FINGERPRINT.</summary>
internal static class StunEncoder
{
    private const int AttributeHeaderBytes = 4;
    private const int IntegrityAttributeBytes = AttributeHeaderBytes + 20;
    private const int FingerprintAttributeBytes = AttributeHeaderBytes + 4;

    /// <summary>A 420 response names what it did not understand; a few dozen types is already absurd.</summary>
    private const int UnknownAttributesMax = 64;

    public static byte[] Encode(StunMessage message, ReadOnlySpan<byte> integrityKey, bool fingerprint)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var header = buffer.GetSpan(StunMessage.HeaderBytes)[..StunMessage.HeaderBytes];
        BinaryPrimitives.WriteUInt16BigEndian(header, message.Type.ToWire());
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], StunMessage.MagicCookie);
        message.TransactionId.WriteTo(header[8..]);
        buffer.Advance(StunMessage.HeaderBytes);

        if (message.Username is { } username)
        {
            WriteText(buffer, StunAttributeType.Username, username, StunMessage.UsernameMaxBytes);
        }

        if (message.IceControlling is { } controlling)
        {
            WriteUInt64(buffer, StunAttributeType.IceControlling, controlling);
        }

        if (message.IceControlled is { } controlled)
        {
            WriteUInt64(buffer, StunAttributeType.IceControlled, controlled);
        }

        if (message.Priority is { } priority)
        {
            BinaryPrimitives.WriteUInt32BigEndian(Attribute(buffer, StunAttributeType.Priority, 4), priority);
        }

        if (message.UseCandidate)
        {
            Attribute(buffer, StunAttributeType.UseCandidate, 0);
        }

        if (message.XorMappedAddress is { } xorMapped)
        {
            StunAddress.Write(Attribute(buffer, StunAttributeType.XorMappedAddress, StunAddress.ValueBytes(xorMapped)), xorMapped, xor: true, message.TransactionId);
        }

        if (message.MappedAddress is { } mapped)
        {
            StunAddress.Write(Attribute(buffer, StunAttributeType.MappedAddress, StunAddress.ValueBytes(mapped)), mapped, xor: false, message.TransactionId);
        }

        if (message.ErrorCode is { } error)
        {
            WriteErrorCode(buffer, error);
        }

        if (message.UnknownAttributes.Count > 0)
        {
            if (message.UnknownAttributes.Count > UnknownAttributesMax)
            {
                throw new ArgumentException($"UNKNOWN-ATTRIBUTES lists {message.UnknownAttributes.Count} types; the limit is {UnknownAttributesMax}");
            }

            var value = Attribute(buffer, StunAttributeType.UnknownAttributes, 2 * message.UnknownAttributes.Count);
            for (var i = 0; i < message.UnknownAttributes.Count; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(value[(2 * i)..], message.UnknownAttributes[i]);
            }
        }

        if (message.Software is { } software)
        {
            WriteText(buffer, StunAttributeType.Software, software, StunMessage.SoftwareMaxBytes);
        }

        var bytes = buffer.WrittenSpan.ToArray();
        if (!integrityKey.IsEmpty)
        {
            bytes = AppendIntegrity(bytes, integrityKey);
        }

        if (fingerprint)
        {
            bytes = AppendFingerprint(bytes);
        }

        SetLength(bytes, bytes.Length);
        return bytes;
    }

    /// <summary>The HMAC covers the message up to the attribute, with the header length already counting it (RFC 8489 section 14.5).</summary>
    private static byte[] AppendIntegrity(byte[] message, ReadOnlySpan<byte> key)
    {
        var result = new byte[message.Length + IntegrityAttributeBytes];
        message.CopyTo(result, 0);
        SetLength(result, result.Length);
        var attribute = result.AsSpan(message.Length);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, StunAttributeType.MessageIntegrity);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], HMACSHA1.HashSizeInBytes);
        HMACSHA1.HashData(key, result.AsSpan(0, message.Length), attribute[AttributeHeaderBytes..]);
        return result;
    }

    private static byte[] AppendFingerprint(byte[] message)
    {
        var result = new byte[message.Length + FingerprintAttributeBytes];
        message.CopyTo(result, 0);
        SetLength(result, result.Length);
        var attribute = result.AsSpan(message.Length);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, StunAttributeType.Fingerprint);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(attribute[AttributeHeaderBytes..], Crc32.Compute(result.AsSpan(0, message.Length)) ^ StunMessage.FingerprintXor);
        return result;
    }

    private static void SetLength(Span<byte> message, int totalBytes)
    {
        var bodyBytes = totalBytes - StunMessage.HeaderBytes;
        if (bodyBytes > ushort.MaxValue)
        {
            throw new ArgumentException($"the message body is {bodyBytes} bytes; STUN's length field holds at most {ushort.MaxValue}");
        }

        BinaryPrimitives.WriteUInt16BigEndian(message[2..], (ushort)bodyBytes);
    }

    private static void WriteErrorCode(ArrayBufferWriter<byte> buffer, StunErrorCode error)
    {
        if (error.Code is < StunErrorCode.CodeMin or > StunErrorCode.CodeMax)
        {
            throw new ArgumentException($"STUN error code {error.Code} is outside {StunErrorCode.CodeMin}-{StunErrorCode.CodeMax}");
        }

        var reason = Encoding.UTF8.GetBytes(error.Reason);
        if (reason.Length > StunErrorCode.ReasonMaxBytes)
        {
            throw new ArgumentException($"the reason phrase is {reason.Length} bytes; the limit is {StunErrorCode.ReasonMaxBytes}");
        }

        var value = Attribute(buffer, StunAttributeType.ErrorCode, 4 + reason.Length);
        value[2] = (byte)(error.Code / 100);
        value[3] = (byte)(error.Code % 100);
        reason.CopyTo(value[4..]);
    }

    private static void WriteText(ArrayBufferWriter<byte> buffer, ushort type, string text, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > maxBytes)
        {
            throw new ArgumentException($"attribute 0x{type:X4} is {bytes.Length} bytes of UTF-8; the limit is {maxBytes}");
        }

        bytes.CopyTo(Attribute(buffer, type, bytes.Length));
    }

    private static void WriteUInt64(ArrayBufferWriter<byte> buffer, ushort type, ulong value) =>
        BinaryPrimitives.WriteUInt64BigEndian(Attribute(buffer, type, 8), value);

    /// <summary>Reserves an attribute (header, value, zeroed padding) and returns its value to fill in.</summary>
    private static Span<byte> Attribute(ArrayBufferWriter<byte> buffer, ushort type, int valueBytes)
    {
        var padded = (valueBytes + 3) & ~3;
        var span = buffer.GetSpan(AttributeHeaderBytes + padded)[..(AttributeHeaderBytes + padded)];
        span.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(span, type);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)valueBytes);
        buffer.Advance(AttributeHeaderBytes + padded);
        return span.Slice(AttributeHeaderBytes, valueBytes);
    }
}
