namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// One chunk a relay held: which way it went (up: from the client towards its upstream), when the
/// kernel received it and when it was due out (Stopwatch timestamps), its size and the delay drawn.
/// hsim live writes them to relay-chunks.tsv, so a slow delivery can be laid beside the chunk that carried it.
/// </summary>
internal readonly record struct RelayChunk(bool Up, long ArrivedTimestamp, int Bytes, double DrawnMs, long DueTimestamp);
