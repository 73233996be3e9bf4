using Hospitality.Sync.Documents;

namespace Hospitality.Sim.Checks;

/// <summary>One way a replica differs from the expected state: which replica, which document, what it holds and what it should.</summary>
public sealed record Divergence(string Replica, string Collection, string Id, Document? Holds, Document? Expected)
{
    public override string ToString() =>
        $"{Replica} {Collection}/{Id}: holds {Holds?.Stamp.ToString() ?? "nothing"}, expected {Expected?.Stamp.ToString() ?? "nothing"}";
}
