namespace Hospitality.Sim.Network.Tcp;

/// <summary>How a WebSocket upgrade ended: open (with the server's answer to send), or failed with the reason.</summary>
internal readonly record struct HandshakeOutcome(bool IsOpen, byte[]? Answer, string? Error)
{
    public static HandshakeOutcome Open(byte[]? answer) => new(true, answer, null);

    public static HandshakeOutcome Failed(string error) => new(false, null, error);
}
