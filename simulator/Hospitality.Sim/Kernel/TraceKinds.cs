namespace Hospitality.Sim.Kernel;

/// <summary>Codes that tag each kind of kernel event in the trace hash.</summary>
internal static class TraceKinds
{
    public const int Continuation = 1;
    public const int Timer = 2;
    public const int Action = 3;
    public const int PacketHop = 10;
    public const int Airtime = 11;
    public const int TcpTimer = 13;
}
