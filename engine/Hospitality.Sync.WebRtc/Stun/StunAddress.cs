using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>
/// The (XOR-)MAPPED-ADDRESS value: reserved byte, family (1 IPv4, 2 IPv6), port, address. The XOR
/// form masks the port with the cookie's top half and the address with cookie and transaction id,
/// so NATs that rewrite addresses in payloads leave it alone (RFC 8489 section 14.2).
/// </summary>
internal static class StunAddress
{
    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;

    public static int ValueBytes(IPEndPoint endPoint) => endPoint.AddressFamily == AddressFamily.InterNetwork ? 8 : 20;

    public static void Write(Span<byte> destination, IPEndPoint endPoint, bool xor, StunTransactionId transactionId)
    {
        var family = endPoint.AddressFamily switch
        {
            AddressFamily.InterNetwork => FamilyIPv4,
            AddressFamily.InterNetworkV6 => FamilyIPv6,
            _ => throw new ArgumentException($"STUN carries IPv4 or IPv6 addresses, not {endPoint.AddressFamily}", nameof(endPoint)),
        };
        destination[0] = 0;
        destination[1] = family;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(endPoint.Port ^ (xor ? MagicCookie16 : 0)));
        var address = destination[4..ValueBytes(endPoint)];
        endPoint.Address.TryWriteBytes(address, out _);
        if (xor)
        {
            Mask(address, transactionId);
        }
    }

    public static IPEndPoint Read(ReadOnlySpan<byte> value, bool xor, StunTransactionId transactionId, string attributeName)
    {
        if (value.Length < 4)
        {
            throw new StunFormatException($"{attributeName} is {value.Length} bytes; an address needs at least 8");
        }

        var family = value[1];
        var expected = family switch
        {
            FamilyIPv4 => 8,
            FamilyIPv6 => 20,
            _ => throw new StunFormatException($"{attributeName} has unknown address family {family}"),
        };
        if (value.Length != expected)
        {
            throw new StunFormatException($"{attributeName} is {value.Length} bytes; family {family} needs {expected}");
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (xor ? MagicCookie16 : 0);
        Span<byte> address = stackalloc byte[expected - 4];
        value[4..].CopyTo(address);
        if (xor)
        {
            Mask(address, transactionId);
        }

        return new IPEndPoint(new IPAddress(address), port);
    }

    private const int MagicCookie16 = (int)(StunMessage.MagicCookie >> 16);

    /// <summary>XORs with the cookie, then (IPv6 only) the transaction id: the 16 bytes that follow the length in the header.</summary>
    private static void Mask(Span<byte> address, StunTransactionId transactionId)
    {
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        transactionId.WriteTo(mask[4..]);
        for (var i = 0; i < address.Length; i++)
        {
            address[i] ^= mask[i];
        }
    }
}
