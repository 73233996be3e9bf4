using System.Buffers.Binary;
using System.Globalization;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>The 96-bit transaction id that pairs a STUN response with its request.</summary>
internal readonly record struct StunTransactionId(ulong High, uint Low)
{
    public const int Bytes = 12;

    public static StunTransactionId New(IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        random.NextBytes(bytes);
        return Read(bytes);
    }

    public static StunTransactionId Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt32BigEndian(source[8..]));

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Low);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{High:x16}{Low:x8}");
}
