namespace Hospitality.Sync.Signaling;

/// <summary>The signaling server refused a join; <see cref="Code"/> is one of <see cref="SignalErrorCodes"/>.</summary>
public sealed class SignalingRefusedException(string code, string message) : Exception($"signaling refused ({code}): {message}")
{
    public string Code { get; } = code;
}
