namespace Hospitality.Sim.World;

/// <summary>
/// A node's pushes as deltas so far: as a client, deltas its upstream rebuilt and deltas pushed again
/// whole; as a server, pushed deltas it rebuilt and those whose base it no longer held. Summed over
/// the node's boots, since each boot starts a new engine whose counters start at zero.
/// </summary>
public readonly record struct PushDeltaCounts(long Pushed, long ResentWhole, long Rebuilt, long NotRebuilt)
{
    public static PushDeltaCounts operator +(PushDeltaCounts left, PushDeltaCounts right) =>
        new(left.Pushed + right.Pushed, left.ResentWhole + right.ResentWhole, left.Rebuilt + right.Rebuilt, left.NotRebuilt + right.NotRebuilt);
}
