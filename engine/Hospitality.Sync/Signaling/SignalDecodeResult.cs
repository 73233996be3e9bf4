using System.Diagnostics.CodeAnalysis;

namespace Hospitality.Sync.Signaling;

/// <summary>A decoded signaling message, or why the bytes are not one. Decoding never throws on bad input.</summary>
internal readonly record struct SignalDecodeResult(SignalMessage? Message, string? Error)
{
    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Message is not null;

    public static SignalDecodeResult Success(SignalMessage message) => new(message, null);

    public static SignalDecodeResult Failure(string error) => new(null, error);
}
