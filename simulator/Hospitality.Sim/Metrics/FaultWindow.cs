using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Metrics;

/// <summary>
/// A fault as the propagation probe sees it: when it began, when it healed (null while active), and
/// which nodes it touches; a delivery whose writer or reader it touches is not normal operation.
/// </summary>
public sealed class FaultWindow(SimTime began, Func<WorldNode, bool> touches)
{
    /// <summary>
    /// How long after a heal a path still counts as recovering: a device left on its fallback upstream
    /// re-probes its preferred one every 15 minutes (MultiServerReplicationOptions), and a retry waits
    /// up to the 30 s backoff ceiling.
    /// </summary>
    public static readonly TimeSpan Recovery = TimeSpan.FromMinutes(15.5);

    public SimTime Began { get; } = began;

    public SimTime? HealedAt { get; private set; }

    public void Heal(SimTime at)
    {
        Invariant.Holds(HealedAt is null && at >= Began, "a fault heals once, after it began");
        HealedAt = at;
    }

    /// <summary>The phase of a delivery of a write made at <paramref name="writtenAt"/>, as far as this fault goes.</summary>
    public DeliveryPhase Phase(WorldNode writer, WorldNode reader, SimTime writtenAt)
    {
        if (!touches(writer) && !touches(reader))
        {
            return DeliveryPhase.Normal;
        }

        // The delivery happens now, after the fault began: it overlaps the fault unless written after the heal.
        if (HealedAt is not { } healed || writtenAt <= healed)
        {
            return DeliveryPhase.DuringFault;
        }

        return writtenAt <= healed + Recovery ? DeliveryPhase.AfterFault : DeliveryPhase.Normal;
    }
}
