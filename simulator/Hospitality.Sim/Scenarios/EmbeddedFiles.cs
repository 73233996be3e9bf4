namespace Hospitality.Sim.Scenarios;

/// <summary>
/// The repository's main-job scenario and documented targets, compiled into this assembly (from
/// scenarios/), so <c>hsim</c> runs them from any directory, also as an installed .NET tool.
/// </summary>
public static class EmbeddedFiles
{
    /// <summary>How run.json and messages name the embedded scenario; <c>repro</c> reads it back by this name.</summary>
    public const string MainJobName = "embedded:medium-hotel-busy-hours.yaml";

    public const string TargetsName = "embedded:targets.yaml";

    public static string MainJob => Resource("medium-hotel-busy-hours.yaml");

    public static string Targets => Resource("targets.yaml");

    /// <summary>The documented prices of every report's cost section (scenarios/costs.yaml).</summary>
    public static string Costs => Resource("costs.yaml");

    /// <summary>Whether a scenario file name stands for an embedded file rather than a path.</summary>
    public static bool IsEmbedded(string file) => file.StartsWith("embedded:", StringComparison.Ordinal);

    private static string Resource(string name)
    {
        using var stream = typeof(EmbeddedFiles).Assembly.GetManifestResourceStream($"Hospitality.Sim.Scenarios.{name}")
            ?? throw new InvalidOperationException($"the build embeds no {name}: see Hospitality.Sim.csproj");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
