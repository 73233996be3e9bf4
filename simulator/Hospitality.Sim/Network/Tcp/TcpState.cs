namespace Hospitality.Sim.Network.Tcp;

internal enum TcpState
{
    SynSent,
    SynReceived,
    Established,
    Closed,
}
