using System.CommandLine;
using Hospitality.Sim.Calibration;

namespace Hospitality.Sim.Cli;

/// <summary><c>hsim calibrate</c>: reruns the Wi-Fi model's calibration experiments and prints them beside published figures.</summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var seed = new Option<ulong>("--seed") { Description = "Seed of the experiments; the same seed prints the same table.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the table to this Markdown file." };
        var command = new Command("calibrate", "Run the Wi-Fi calibration experiments (saturation, light load, a light station among saturators, fairness) and compare them with published results.")
        {
            seed, output,
        };
        command.SetAction(parse =>
        {
            var markdown = WifiCalibration.ToMarkdown(WifiCalibration.Run(parse.GetValue(seed)), parse.GetValue(seed));
            Console.Write(markdown);
            if (parse.GetValue(output) is { } file)
            {
                try
                {
                    File.WriteAllText(file.FullName, markdown);
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"hsim calibrate: cannot write {file.FullName}: {error.Message}");
                    return 2;
                }
            }

            return 0;
        });
        return command;
    }
}
