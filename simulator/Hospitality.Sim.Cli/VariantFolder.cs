using System.Text;

namespace Hospitality.Sim.Cli;

/// <summary>The folder name of a run's settings, e.g. "loss=0.05" or "loss=0.05,count=12": the last key of each path and its value, safe on any file system.</summary>
internal static class VariantFolder
{
    /// <summary>The longest folder name made; longer ones are cut and keep their start.</summary>
    private const int NameLengthMax = 100;

    public static string Of(IReadOnlyList<string> settings)
    {
        var name = new StringBuilder();
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? setting[..equals] : setting;
            var value = equals > 0 ? setting[(equals + 1)..] : "";
            name.Append(name.Length > 0 ? "," : "").Append(key[(key.LastIndexOf('.') + 1)..]).Append('=').Append(value);
        }

        var safe = new string(name.ToString().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '=' or ',' or '_' ? c : '_').ToArray());
        return safe.Length > NameLengthMax ? safe[..NameLengthMax] : safe;
    }
}
