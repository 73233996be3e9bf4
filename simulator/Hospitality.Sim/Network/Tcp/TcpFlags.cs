namespace Hospitality.Sim.Network.Tcp;

[Flags]
internal enum TcpFlags : byte
{
    None = 0,
    Syn = 1,
    Ack = 2,
    Fin = 4,
    Rst = 8,
}
