using System.Buffers.Binary;
using System.Numerics;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// CRC32c (Castagnoli) over the packet with the checksum field zeroed (RFC 9260 appendix B),
/// seeded with all ones and inverted at the end. The result is stored little-endian, unlike every
/// other SCTP field: that is how the reflected CRC comes out, and what Chromium and werift check.
/// </summary>
internal static class SctpChecksum
{
    public const int Offset = 8;

    public static uint Compute(ReadOnlySpan<byte> data) => ~Feed(~0u, data);

    /// <summary>Computes over the packet as if its checksum field were zero, without copying it.</summary>
    public static uint ComputeForPacket(ReadOnlySpan<byte> packet)
    {
        var crc = ~0u;
        crc = Feed(crc, packet[..Offset]);
        crc = BitOperations.Crc32C(crc, 0u);
        crc = Feed(crc, packet[(Offset + 4)..]);
        return ~crc;
    }

    private static uint Feed(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
