namespace Hospitality.Sync.Replication;

/// <summary>
/// Adaptive batching of pushes: a push goes at once while the link is idle, writes coalesce while a
/// push is in flight, and under load flushes of the outbox (each as many batches as it holds) are paced
/// as a token bucket, so a queued write waits for a token at most <see cref="Ceiling"/>. It replaced the Greengrass's fixed 15 s batches to the cloud
/// (issue #15), which made a write take up to 15 s to reach the cloud against the seed's 5 s.
/// </summary>
public sealed record PushPacing
{
    /// <summary>Flushes that may go back to back after an idle spell before pacing starts.</summary>
    public int Burst { get; init; } = 3;

    /// <summary>
    /// One token comes back per ceiling, so no queued write waits longer than this for its push to
    /// start: 2 s leaves room within the seed's "reaches the cloud in under 5 s" for the round trip and a retry.
    /// </summary>
    public TimeSpan Ceiling { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a flush waits after the first write it carries, so the writes of one action (a check-in's
    /// reservation, room and guest reach the Greengrass within milliseconds) travel as one push: 100 ms,
    /// small beside the 5 s budget, like Kafka producers' linger.
    /// </summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Refuses settings under which pacing would never push or never wait.</summary>
    public void Validate()
    {
        if (Burst is < 1 or > 1_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Burst), Burst, "a push burst is 1 to 1,000 pushes");
        }

        if (Linger < TimeSpan.Zero || Linger > Ceiling)
        {
            throw new ArgumentOutOfRangeException(nameof(Linger), Linger, "a push linger is zero to the ceiling");
        }

        if (Ceiling <= TimeSpan.Zero || Ceiling > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Ceiling), Ceiling, "a push ceiling is above zero and at most 10 minutes");
        }
    }
}
