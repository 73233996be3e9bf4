namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// One chunk a relay held, or one packet the packet delay held (<see cref="PacketDelay"/>): which way it
/// went (up: from the client towards its server), when the kernel received it and when it was due out
/// (Stopwatch timestamps), how long after its arrival hsim read it (allowed for in its due time), its
/// size (a packet's IP length) and the delay drawn.
/// hsim live writes them to relay-chunks.tsv, so a slow delivery can be laid beside the chunk that carried it.
/// </summary>
internal readonly record struct RelayChunk(bool Up, long ArrivedTimestamp, double ReadLateMs, int Bytes, double DrawnMs, long DueTimestamp);
