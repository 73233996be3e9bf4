using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hospitality.Sync.Tests.WebRtc.Stun;

/// <summary>
/// Hand-built STUN messages, written from the RFC independently of the codec, for inputs the
/// encoder would never produce (unknown attributes, attributes out of place, bad lengths).
/// </summary>
public static class StunBytes
{
    public static readonly byte[] TransactionId = Hex.Bytes("0102030405060708090a0b0c");

    public static byte[] Attribute(ushort type, params byte[] value)
    {
        var bytes = new byte[4 + ((value.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, type);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)value.Length);
        value.CopyTo(bytes, 4);
        return bytes;
    }

    /// <summary>A header (type, length of the body, cookie, <see cref="TransactionId"/>) and the body as given.</summary>
    public static byte[] Message(ushort type, params byte[][] attributes)
    {
        var body = attributes.SelectMany(a => a).ToArray();
        var bytes = new byte[20 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, type);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)body.Length);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), 0x2112A442);
        TransactionId.CopyTo(bytes, 8);
        body.CopyTo(bytes, 20);
        return bytes;
    }

    /// <summary>Appends MESSAGE-INTEGRITY as RFC 8489 section 14.5 defines it: HMAC-SHA1 over the message whose length already counts the attribute.</summary>
    public static byte[] WithIntegrity(byte[] message, byte[] key)
    {
        var withLength = message.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(withLength.AsSpan(2), (ushort)(message.Length - 20 + 24));
        var hmac = HMACSHA1.HashData(key, withLength);
        return [.. withLength, .. Attribute(0x0008, hmac)];
    }
}
