using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Reads the fields of one YAML mapping, recording every problem with its line and column instead
/// of stopping at the first: missing keys, unknown keys, values of the wrong type or out of range.
/// </summary>
internal sealed partial class YamlFields
{
    private readonly YamlMappingNode? _mapping;
    private readonly string _path;
    private readonly string _file;
    private readonly List<ScenarioError> _errors;

    public YamlFields(YamlNode node, string path, string file, List<ScenarioError> errors, params string[] known)
    {
        _path = path;
        _file = file;
        _errors = errors;
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{(path.Length == 0 ? "the file" : path)} must be a mapping of keys to values, like name: my-hotel");
            return;
        }

        _mapping = mapping;
        foreach (var key in mapping.Children.Keys.OfType<YamlScalarNode>())
        {
            if (!known.Contains(key.Value, StringComparer.Ordinal))
            {
                Error(key, $"{Name(key.Value ?? "")}: unknown key (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    public YamlNode? Node(string key, bool required)
    {
        if (_mapping is null)
        {
            return null;
        }

        if (_mapping.Children.TryGetValue(new YamlScalarNode(key), out var value))
        {
            return value;
        }

        if (required)
        {
            Error(_mapping, $"{Name(key)} is required");
        }

        return null;
    }

    public string? Text(string key, bool required = false)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } text })
        {
            return text;
        }

        Error(node, $"{Name(key)} must be text");
        return null;
    }

    public string Choice(string key, IReadOnlyCollection<string> allowed, string fallback, bool required = false)
    {
        var text = Text(key, required);
        if (text is null)
        {
            return fallback;
        }

        if (!allowed.Contains(text, StringComparer.Ordinal))
        {
            Error(Node(key, false)!, $"{Name(key)}: '{text}' is not one of: {string.Join(", ", allowed)}");
            return fallback;
        }

        return text;
    }

    public int Integer(string key, int fallback, int minimum, int maximum, bool required = false)
    {
        var text = Text(key, required);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            Error(Node(key, false)!, $"{Name(key)}: '{text}' must be a whole number from {minimum} to {maximum}");
            return fallback;
        }

        return value;
    }

    public double Number(string key, double fallback, double minimum, double maximum)
    {
        var text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            Error(Node(key, false)!, $"{Name(key)}: '{text}' must be a number from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)}");
            return fallback;
        }

        return value;
    }

    /// <summary>A share such as a loss rate: "0.01" or "1%", from 0 to <paramref name="maximum"/> (a fraction).</summary>
    public double Share(string key, double fallback, double maximum)
    {
        var text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        if (!TryParseShare(text, out var value) || value < 0 || value > maximum)
        {
            Error(Node(key, false)!, string.Create(CultureInfo.InvariantCulture, $"{Name(key)}: '{text}' must be a share from 0 to {maximum * 100:0.##}% (like 0.01 or 1%)"));
            return fallback;
        }

        return value;
    }

    /// <summary>Reads "0.01" or "1%" as 0.01.</summary>
    public static bool TryParseShare(string text, out double value)
    {
        var percent = text.EndsWith('%');
        var ok = double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        value = percent ? value / 100 : value;
        return ok;
    }

    public bool Flag(string key, bool fallback)
    {
        var text = Text(key);
        if (text is null)
        {
            return fallback;
        }

        if (!bool.TryParse(text, out var value))
        {
            Error(Node(key, false)!, $"{Name(key)}: '{text}' must be true or false");
            return fallback;
        }

        return value;
    }

    /// <summary>A duration such as "90s", "15m", "1h30m", "24h", "500ms" or "-8m".</summary>
    public TimeSpan? Duration(string key, bool required = false, bool allowNegative = false)
    {
        var text = Text(key, required);
        if (text is null)
        {
            return null;
        }

        if (TryParseDuration(text, out var value) && (allowNegative || value >= TimeSpan.Zero) && value.Duration() <= RunLength.Max)
        {
            return value;
        }

        Error(Node(key, false)!, $"{Name(key)}: '{text}' is not a duration of at most 7d (like 90s, 15m, 1h30m, 24h{(allowNegative ? ", -8m" : "")})");
        return null;
    }

    /// <summary>A bit rate such as "200Mbit", "1.5Gbit", "500kbit" or "64000" (bits per second; "/s" may follow).</summary>
    public long? BitRate(string key, long minimum, long maximum)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        var match = BitRatePattern().Match(text);
        if (match.Success
            && double.TryParse(match.Groups["amount"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && amount * UnitFactor(match.Groups["unit"].Value) is var bits && bits >= minimum && bits <= maximum)
        {
            return (long)Math.Round(bits);
        }

        Error(Node(key, false)!, string.Create(CultureInfo.InvariantCulture, $"{Name(key)}: '{text}' must be a bit rate from {minimum:N0} to {maximum:N0} bit/s, like 500kbit, 20Mbit or 1Gbit"));
        return null;
    }

    /// <summary>A size in bytes such as "256KiB", "1MiB" or "1500".</summary>
    public int? Bytes(string key, int minimum, int maximum)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        var match = BytesPattern().Match(text);
        if (match.Success
            && double.TryParse(match.Groups["amount"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && amount * UnitFactor(match.Groups["unit"].Value) is var bytes && bytes >= minimum && bytes <= maximum && bytes == Math.Floor(bytes))
        {
            return (int)bytes;
        }

        Error(Node(key, false)!, string.Create(CultureInfo.InvariantCulture, $"{Name(key)}: '{text}' must be a whole number of bytes from {minimum:N0} to {maximum:N0}, like 1500, 64KiB or 1MiB"));
        return null;
    }

    private static double UnitFactor(string unit) => unit.ToLowerInvariant() switch
    {
        "kbit" => 1e3,
        "mbit" => 1e6,
        "gbit" => 1e9,
        "kib" => 1024,
        "mib" => 1024 * 1024,
        _ => 1,
    };

    public IReadOnlyList<YamlNode> Items(string key, bool required = false)
    {
        var node = Node(key, required);
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                return sequence.Children.ToList();
            default:
                Error(node, $"{Name(key)} must be a list");
                return [];
        }
    }

    public string Name(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    public void Error(YamlNode node, string message)
    {
        var (line, column) = ScenarioSettings.PositionOf(node);
        _errors.Add(new ScenarioError(_file, line, column, message));
    }

    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var negative = text.StartsWith('-');
        var match = DurationPattern().Match(negative ? text[1..] : text);
        if (!match.Success)
        {
            return false;
        }

        try
        {
            value = Sum(match);
        }
        catch (OverflowException)
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    private static TimeSpan Sum(Match match)
    {
        var value = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitAt = part.Value.IndexOfAny(['m', 's', 'h', 'd']);
            var amount = double.Parse(part.Value[..unitAt], CultureInfo.InvariantCulture);
            value += part.Value[unitAt..] switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        return value;
    }

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)\s*(?<unit>bit|kbit|mbit|gbit)?(/s)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BitRatePattern();

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)\s*(?<unit>B|KiB|MiB)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BytesPattern();

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h|d))+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
