namespace Hospitality.Sim.Network.Tcp;

/// <summary>How a WebSocket upgrade ended: open (with the server's answer to send), or failed with the reason.</summary>
internal readonly record struct HandshakeOutcome(byte[]? Answer, string? Error)
{
    public bool IsOpen => Error is null;

    public static HandshakeOutcome Open(byte[]? answer) => new(answer, null);

    public static HandshakeOutcome Failed(string error) => new(null, error);
}
