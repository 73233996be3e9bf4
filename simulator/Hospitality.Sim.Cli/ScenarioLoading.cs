using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Cli;

/// <summary>Reads a scenario and the targets.yaml beside it, printing every error with file and line.</summary>
internal static class ScenarioLoading
{
    /// <param name="settings">PATH=VALUE changes from --set or --vary, applied before validation.</param>
    public static bool TryLoad(FileInfo file, out Scenario scenario, out TargetCatalog targets, IReadOnlyList<string>? settings = null)
    {
        scenario = null!;
        targets = null!;
        var targetsPath = Path.Combine(file.DirectoryName ?? ".", "targets.yaml");
        if (Directory.Exists(file.FullName))
        {
            Console.Error.WriteLine($"hsim: {file} is a folder; give one scenario file in it, such as scenarios/uc2-medium-hotel.yaml (sweep takes patterns like scenarios/*.yaml)");
            return false;
        }

        if (!file.Exists)
        {
            Console.Error.WriteLine($"hsim: no scenario file {file}; give a scenario file such as scenarios/uc2-medium-hotel.yaml");
            return false;
        }

        try
        {
            targets = TargetCatalog.Read(targetsPath);
            scenario = ScenarioReader.Read(file.FullName, targets.Ids, settings) with { File = Path.GetRelativePath(Environment.CurrentDirectory, file.FullName) };
            return true;
        }
        catch (ScenarioException) when (TargetCatalog.IsTargetList(file.FullName))
        {
            Console.Error.WriteLine($"hsim: {file.Name} is a list of targets, not a scenario; give a scenario file such as scenarios/uc2-medium-hotel.yaml");
        }
        catch (ScenarioException exception)
        {
            Console.Error.WriteLine($"hsim: {file.Name} cannot run:");
            Console.Error.WriteLine(exception.Message);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hsim: cannot read {file.FullName} or {targetsPath}: {exception.Message}");
        }

        return false;
    }
}
