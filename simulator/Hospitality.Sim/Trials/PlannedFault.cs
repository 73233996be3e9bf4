namespace Hospitality.Sim.Trials;

/// <summary>A fault from <see cref="At"/> until <see cref="Until"/> (or the heal, whichever comes first).</summary>
public sealed record PlannedFault(FaultKind Kind, double At, double Until, IReadOnlyList<string> Nodes, double Seconds = 0, string? Site = null)
{
    public override string ToString() =>
        $"{Kind} {string.Join("+", Nodes)} {At:F1}-{Until:F1}s" + (Seconds == 0 ? "" : $" {Seconds:+0.#;-0.#}s") + (Site is null ? "" : $" at {Site}");
}
