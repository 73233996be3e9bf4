namespace Hospitality.Sim.Tests.Scenarios;

/// <summary>Finds the repository's scenario files from the test's output directory.</summary>
internal static class RepositoryFiles
{
    public static string ScenariosDirectory
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Hospitality.Sim.sln")))
                {
                    return Path.Combine(directory.FullName, "scenarios");
                }
            }

            throw new DirectoryNotFoundException("no Hospitality.Sim.sln above the test's directory");
        }
    }

    public static IEnumerable<object[]> ScenarioFiles =>
        Directory.GetFiles(ScenariosDirectory, "*.yaml").Where(path => Path.GetFileName(path) is not ("targets.yaml" or "costs.yaml")).Order(StringComparer.Ordinal).Select(path => new object[] { Path.GetFileName(path) });
}
