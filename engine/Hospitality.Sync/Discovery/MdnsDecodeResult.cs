using System.Diagnostics.CodeAnalysis;

namespace Hospitality.Sync.Discovery;

/// <summary>A decoded mDNS packet, or why the bytes are not one. Decoding never throws on bad input.</summary>
internal readonly record struct MdnsDecodeResult(MdnsPacket? Packet, string? Error)
{
    [MemberNotNullWhen(true, nameof(Packet))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Packet is not null;

    public static MdnsDecodeResult Success(MdnsPacket packet) => new(packet, null);

    public static MdnsDecodeResult Failure(string error) => new(null, error);
}
