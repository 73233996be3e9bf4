using Hospitality.Reports.Formatting;

namespace Hospitality.Sim.Cli;

/// <summary>
/// Where a command writes: checked writable before anything runs, so a long run never loses its
/// result to a folder it cannot write; default folders are named from a slug of the scenario's name,
/// never from the name as a path (a name such as <c>../../x</c> stays under reports/out).
/// </summary>
internal static class OutputFolder
{
    /// <summary>reports/out/&lt;parts&gt; under the current directory; each part a file-system-safe name (<see cref="Slug"/>, <see cref="VariantFolder"/>), empty ones left out.</summary>
    public static string Default(params string[] parts) =>
        Path.GetFullPath(Path.Combine(["reports", "out", .. parts.Where(part => part.Length > 0)]));

    /// <summary>The folder name of a scenario: a slug of its name, never the name as a path.</summary>
    public static string Of(string scenarioName) => Slug.Of(scenarioName);

    /// <summary>Creates the folder if need be and proves a file can be written in it; returns its full path.</summary>
    /// <exception cref="BadInputException">The folder cannot be created or written.</exception>
    public static string Prepare(string path, string command)
    {
        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".hsim-write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return full;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new BadInputException($"hsim {command}: cannot write to the output folder {path}: {exception.Message.TrimEnd('.')}; give --out a folder you can write to");
        }
    }
}
