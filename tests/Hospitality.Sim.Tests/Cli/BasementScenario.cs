using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>A small inn whose housekeeping phones sit on a basement Wi-Fi link the tests vary, with the repository's targets beside it.</summary>
internal static class BasementScenario
{
    public const string FileName = "basement.yaml";

    public static void WriteTo(string directory)
    {
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(directory, "targets.yaml"));
        File.WriteAllText(Path.Combine(directory, FileName), """
            name: basement
            duration: 10m
            links:
              - { name: wifi-basement, base: wifi }
            properties:
              - name: inn
                devices:
                  - { kind: front-desk, count: 2, link: lan }
                  - { kind: housekeeping, count: 3, link: wifi-basement }
            targets: [latency.greengrass-lan]
            """);
    }
}
