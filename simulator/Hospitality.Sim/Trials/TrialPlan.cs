using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hospitality.Sim.Trials;

/// <summary>
/// Everything one convergence trial does, fixed up front so it replays exactly and shrinks: the
/// world (properties, Greengrasses, tablets and their links), the writes and the faults. A fault
/// phase runs the writes under faults; then everything heals and the world must converge within
/// <see cref="HealSeconds"/>.
/// </summary>
public sealed record TrialPlan
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public required ulong Seed { get; init; }

    /// <summary>The limits the plan was drawn within: with the seed, they rebuild it (<see cref="TrialLimits.Arguments"/>).</summary>
    public TrialLimits Limits { get; init; } = TrialLimits.Default;

    public required IReadOnlyList<TrialProperty> Properties { get; init; }

    public required IReadOnlyList<PlannedWrite> Writes { get; init; }

    public required IReadOnlyList<PlannedFault> Faults { get; init; }

    /// <summary>The nodes whose store is a real SQLite file (WAL) rather than in memory.</summary>
    public IReadOnlyList<string> FileStores { get; init; } = [];

    public double FaultSeconds { get; init; } = 120;

    /// <summary>The liveness bound: a world still diverged this long after healing has a bug.</summary>
    public double HealSeconds { get; init; } = 300;

    /// <summary>Whether the engine's Buggify sites may fire during the fault phase.</summary>
    public bool Buggify { get; init; } = true;

    [JsonIgnore]
    public int Devices => Properties.Sum(property => property.Tablets.Count);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">The text is not a trial plan.</exception>
    public static TrialPlan FromJson(string json) =>
        JsonSerializer.Deserialize<TrialPlan>(json, Json) ?? throw new JsonException("the file holds no trial plan");

    public override string ToString() => Describe();

    /// <summary>One line for a failure message.</summary>
    public string Describe() =>
        $"seed {Seed}: {Properties.Count} properties, {Properties.Count(property => property.Greengrass)} Greengrass, {Devices} devices, {Writes.Count} writes, {Faults.Count} faults" +
        (Faults.Count == 0 ? "" : $" ({string.Join(", ", Faults.Select(fault => fault.ToString()))})") +
        (FileStores.Count == 0 ? "" : $"; stores on file: {string.Join(", ", FileStores)}");
}
