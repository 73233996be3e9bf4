namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Finds the targets a scenario is judged against when none is named: targets.yaml beside the
/// scenario, else the nearest repository's scenarios/targets.yaml above it, else the documented
/// targets this build embeds (<see cref="TargetCatalog.Documented"/>).
/// </summary>
public static class TargetFiles
{
    public const string FileName = "targets.yaml";

    /// <summary>The targets file for a scenario file, or null when only the embedded targets apply.</summary>
    public static string? Near(string scenarioPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(scenarioPath));
        if (directory is not null && File.Exists(Path.Combine(directory, FileName)))
        {
            return Path.Combine(directory, FileName);
        }

        for (var parent = directory; parent is not null; parent = Path.GetDirectoryName(parent))
        {
            var candidate = Path.Combine(parent, "scenarios", FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
