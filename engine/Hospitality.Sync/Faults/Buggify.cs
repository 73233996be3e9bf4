namespace Hospitality.Sync.Faults;

/// <summary>
/// Named places in engine code where a simulation may inject rare faults (FoundationDB's BUGGIFY),
/// and coverage marks that show which rare paths a run reached. Production never installs an
/// injector, so every site costs one null check and changes nothing.
/// </summary>
public static class Buggify
{
    // A simulation runs on one thread from start to end, so the injector is per simulation, even
    // when tests run several simulations side by side.
    [ThreadStatic]
    private static IFaultInjector? t_injector;

    /// <summary>Installs an injector on this thread until the returned scope is disposed.</summary>
    public static IDisposable Install(IFaultInjector injector)
    {
        var previous = t_injector;
        t_injector = injector;
        return new Scope(previous);
    }

    /// <summary>True when the site should misbehave now; always false in production.</summary>
    public static bool Fires(string site) => t_injector?.ShouldFire(site) ?? false;

    /// <summary>A delay to insert at the site, or null (always null in production).</summary>
    public static TimeSpan? Stall(string site) => t_injector is { } injector && injector.ShouldFire(site) ? injector.StallFor(site) : null;

    /// <summary>Marks a rare path as reached, for coverage reports.</summary>
    public static void Mark(string mark) => t_injector?.Reached(mark);

    private sealed class Scope(IFaultInjector? previous) : IDisposable
    {
        public void Dispose() => t_injector = previous;
    }
}
