namespace Hospitality.Sim.Network.Tcp;

/// <summary>Identifies a connection on its host: local port and remote endpoint.</summary>
internal readonly record struct ConnectionKey(int LocalPort, uint RemoteAddress, int RemotePort);
