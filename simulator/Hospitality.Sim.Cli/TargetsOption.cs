namespace Hospitality.Sim.Cli;

/// <summary><c>--targets FILE</c>, the same on every command that judges runs against targets.</summary>
internal static class TargetsOption
{
    public static System.CommandLine.Option<FileInfo?> Create() => new("--targets")
    {
        Description = "The targets file to judge against (default: targets.yaml beside the scenario, else the repository's scenarios/targets.yaml above it, else the documented targets built into hsim).",
    };
}
