namespace Hospitality.Sim.Cli.Live;

/// <summary>What the kernel sends on a netfilter queue's socket (<see cref="NetfilterQueueCodec.Parse"/>).</summary>
internal abstract record QueueMessage
{
    private QueueMessage()
    {
    }

    /// <summary>A packet held for a verdict: its id, the kernel's arrival stamp if it gave one (Unix µs), its first bytes.</summary>
    public sealed record Queued(uint Id, long? StampUnixMicroseconds, ReadOnlyMemory<byte> Bytes) : QueueMessage;

    /// <summary>The answer to the request with <paramref name="Sequence"/>: 0, or the errno it failed with.</summary>
    public sealed record Acknowledged(uint Sequence, int Error) : QueueMessage;
}
