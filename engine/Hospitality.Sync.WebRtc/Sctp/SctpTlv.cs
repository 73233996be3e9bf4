using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// Type-length-value items padded to four bytes: the layout shared by INIT parameters, error
/// causes and RE-CONFIG parameters (RFC 9260 sections 3.2.1 and 3.3.10).
/// </summary>
internal static class SctpTlv
{
    public const int HeaderBytes = 4;

    /// <summary>Bounds the work one chunk can cause; real INITs carry fewer than ten parameters.</summary>
    public const int ItemsMax = 128;

    public static int EncodedBytes(int valueBytes) => HeaderBytes + ((valueBytes + 3) & ~3);

    /// <summary>
    /// What a list of items adds to a chunk's length: every item padded except the last, whose
    /// padding is the chunk's own and not counted (RFC 9260 section 3.2).
    /// </summary>
    public static int ListBytes(IEnumerable<int> valueLengths)
    {
        var total = 0;
        var lastPadding = 0;
        foreach (var length in valueLengths)
        {
            total += EncodedBytes(length);
            lastPadding = EncodedBytes(length) - HeaderBytes - length;
        }

        return total - lastPadding;
    }

    /// <summary>Reads items until the end; the last may omit its padding.</summary>
    public static List<(ushort Type, byte[] Value)> ReadAll(ReadOnlySpan<byte> bytes, string what)
    {
        var items = new List<(ushort, byte[])>();
        while (!bytes.IsEmpty)
        {
            if (items.Count == ItemsMax)
            {
                throw new SctpFormatException($"more than {ItemsMax} {what}s");
            }

            if (bytes.Length < HeaderBytes)
            {
                throw new SctpFormatException($"a {what} header is cut short ({bytes.Length} bytes left)");
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(bytes);
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
            if (length < HeaderBytes || length > bytes.Length)
            {
                throw new SctpFormatException($"{what} 0x{type:X4} claims {length} bytes; {bytes.Length} remain and at least 4 are needed");
            }

            items.Add((type, bytes[HeaderBytes..length].ToArray()));
            var padded = (length + 3) & ~3;
            bytes = padded >= bytes.Length ? [] : bytes[padded..];
        }

        return items;
    }

    /// <summary>Writes one item and returns the bytes used with padding; the destination extends over the chunk's padding, so the last item's padding fits.</summary>
    public static int Write(Span<byte> destination, ushort type, ReadOnlySpan<byte> value)
    {
        WriteHeader(destination, type, value.Length);
        value.CopyTo(destination[HeaderBytes..]);
        var total = EncodedBytes(value.Length);
        destination[(HeaderBytes + value.Length)..total].Clear();
        return total;
    }

    public static void WriteHeader(Span<byte> destination, ushort type, int valueBytes)
    {
        if (valueBytes > ushort.MaxValue - HeaderBytes)
        {
            throw new ArgumentException($"a value of {valueBytes} bytes does not fit a 16-bit length");
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(HeaderBytes + valueBytes));
    }
}
