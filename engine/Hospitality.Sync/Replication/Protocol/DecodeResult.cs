using System.Diagnostics.CodeAnalysis;

namespace Hospitality.Sync.Replication.Protocol;

/// <summary>A decoded message, or why the bytes are not one. Decoding never throws on bad input.</summary>
public readonly record struct DecodeResult(ProtocolMessage? Message, string? Error)
{
    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Message is not null;

    public static DecodeResult Success(ProtocolMessage message) => new(message, null);

    public static DecodeResult Failure(string error) => new(null, error);
}
