namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Finds the targets a scenario is judged against when none is named: targets.yaml beside the
/// scenario, else the nearest repository's scenarios/targets.yaml above it, else the documented
/// targets this build embeds (<see cref="TargetCatalog.Documented"/>).
/// </summary>
public static class TargetFiles
{
    public const string FileName = "targets.yaml";

    /// <summary>The targets file (or another file of that kind, such as costs.yaml) for a scenario file, or null when only the embedded one applies.</summary>
    public static string? Near(string scenarioPath, string fileName = FileName)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(scenarioPath));
        if (directory is not null && File.Exists(Path.Combine(directory, fileName)))
        {
            return Path.Combine(directory, fileName);
        }

        for (var parent = directory; parent is not null; parent = Path.GetDirectoryName(parent))
        {
            var candidate = Path.Combine(parent, "scenarios", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
