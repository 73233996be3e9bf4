using Hospitality.Sim.Calibration;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Network;

public sealed class WifiCalibrationPageTests
{
    [Fact]
    public void The_calibration_page_in_docs_is_what_the_model_produces_now()
    {
        var path = Path.Combine(Path.GetDirectoryName(RepositoryFiles.ScenariosDirectory)!, "docs", "wifi-calibration.md");
        var expected = WifiCalibration.ToMarkdown(WifiCalibration.Run(seed: 1), seed: 1);

        Assert.True(
            File.ReadAllText(path).ReplaceLineEndings() == expected.ReplaceLineEndings(),
            "docs/wifi-calibration.md is stale: regenerate it with `dotnet run --project simulator/Hospitality.Sim.Cli -c Release -- calibrate --out docs/wifi-calibration.md`");
    }
}
