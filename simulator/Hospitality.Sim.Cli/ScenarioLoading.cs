using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Cli;

/// <summary>
/// Reads a scenario (the embedded main job when none is named) and the targets it is judged against
/// (<c>--targets</c>, else <see cref="TargetFiles.Near"/>, else the embedded documented targets),
/// printing every error with file and line.
/// </summary>
internal static class ScenarioLoading
{
    /// <param name="file">The scenario file; null for the embedded main job (<see cref="EmbeddedFiles.MainJob"/>).</param>
    /// <param name="settings">PATH=VALUE changes from --set or --vary, applied before validation.</param>
    /// <param name="targetsFile">The targets file given with --targets, or null to look for one.</param>
    public static bool TryLoad(FileInfo? file, out Scenario scenario, out TargetCatalog targets, IReadOnlyList<string>? settings = null, FileInfo? targetsFile = null)
    {
        scenario = null!;
        targets = null!;
        var targetsPath = targetsFile?.FullName ?? (file is null ? null : TargetFiles.Near(file.FullName));
        var name = file?.Name ?? EmbeddedFiles.MainJobName;
        if (file is not null && Directory.Exists(file.FullName))
        {
            Console.Error.WriteLine($"hsim: {file} is a folder; give one scenario file in it, such as scenarios/uc2-medium-hotel.yaml (sweep takes patterns like scenarios/*.yaml)");
            return false;
        }

        if (file is not null && !file.Exists)
        {
            Console.Error.WriteLine($"hsim: no scenario file {file}; give a scenario file such as scenarios/uc2-medium-hotel.yaml");
            return false;
        }

        try
        {
            targets = targetsPath is null ? TargetCatalog.Documented() : TargetCatalog.Read(Relative(targetsPath));
            scenario = file is null
                ? ScenarioReader.Parse(EmbeddedFiles.MainJob, EmbeddedFiles.MainJobName, targets.Ids, settings)
                : ScenarioReader.Read(file.FullName, targets.Ids, settings) with { File = Relative(file.FullName) };
            return true;
        }
        catch (ScenarioException) when (file is not null && TargetCatalog.IsTargetList(file.FullName))
        {
            Console.Error.WriteLine($"hsim: {file.Name} is a list of targets, not a scenario; give a scenario file such as scenarios/uc2-medium-hotel.yaml");
        }
        catch (ScenarioException) when (file is not null && Costs.CostTable.IsCostTable(file.FullName))
        {
            Console.Error.WriteLine($"hsim: {file.Name} is a price table, not a scenario; give a scenario file such as scenarios/uc2-medium-hotel.yaml");
        }
        catch (ScenarioException exception)
        {
            Console.Error.WriteLine($"hsim: {name} cannot run:");
            Console.Error.WriteLine(exception.Message);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hsim: cannot read {file?.FullName ?? name} or {targetsPath ?? EmbeddedFiles.TargetsName}: {exception.Message}");
        }

        return false;
    }

    private static string Relative(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);
}
