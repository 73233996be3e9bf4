namespace Hospitality.Sync.Faults;

/// <summary>Decides, in a simulation, whether a <see cref="Buggify"/> site misbehaves this time, and counts coverage marks.</summary>
public interface IFaultInjector
{
    /// <summary>True when the named site should misbehave now.</summary>
    bool ShouldFire(string site);

    /// <summary>How long a stall site that fired stalls.</summary>
    TimeSpan StallFor(string site);

    /// <summary>Records that a rare path was taken.</summary>
    void Reached(string mark);
}
