namespace Hospitality.Sync.Faults;

/// <summary>
/// Thrown at a <see cref="Buggify"/> crash site: in a simulation the process loses power here, and
/// nothing above the site may run on as if it had not. Production never throws it.
/// </summary>
public sealed class InjectedCrashException(string site) : Exception($"power lost at {site} (injected)")
{
    public string Site { get; } = site;
}
