using System.Globalization;
using System.Runtime.CompilerServices;
using YamlDotNet.RepresentationModel;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Changes to a scenario made on the command line (<c>hsim run --set</c>, <c>hsim sweep --vary</c>):
/// <c>PATH=VALUE</c>, where PATH walks the file's keys with dots and picks a list's item by its
/// <c>name</c> or its index, e.g. <c>links.wifi-basement.loss=0.05</c>,
/// <c>properties.city-hotel.devices.1.count=12</c>, <c>workload.burst.factor=8</c>. A single value
/// the file leaves out is added; a section it leaves out is refused (write it in the file). The value
/// replaces the file's text before the file is validated, so a bad value is refused like one written
/// in the file (at the line of the value it replaced), and a path that leads nowhere is refused
/// at the node where it stopped.
/// </summary>
public static class ScenarioSettings
{
    /// <summary>The most settings one run takes.</summary>
    public const int SettingsMax = 16;

    // Values a setting adds have no place in the file; their errors point at the mapping they were added to.
    private static readonly ConditionalWeakTable<YamlNode, Position> Added = new();

    /// <summary>Splits "PATH=VALUE"; false when either side is empty.</summary>
    public static bool TryParse(string text, out string path, out string value)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        path = equals > 0 ? text[..equals].Trim() : "";
        value = equals > 0 ? text[(equals + 1)..].Trim() : "";
        return path.Length > 0 && value.Length > 0 && !path.Split('.').Any(part => part.Length == 0);
    }

    internal static void Apply(YamlNode root, IReadOnlyList<string> settings, string file, List<ScenarioError> errors)
    {
        if (settings.Count > SettingsMax)
        {
            errors.Add(new ScenarioError(file, 0, 0, $"--set: at most {SettingsMax} settings in one run"));
            return;
        }

        foreach (var setting in settings)
        {
            if (!TryParse(setting, out var path, out var value))
            {
                errors.Add(new ScenarioError(file, 0, 0, $"--set '{setting}': must be PATH=VALUE, like links.wifi-basement.loss=0.05"));
                continue;
            }

            Apply(root, setting, path.Split('.'), value, file, errors);
        }
    }

    private static void Apply(YamlNode root, string setting, string[] keys, string value, string file, List<ScenarioError> errors)
    {
        var node = root;
        for (var i = 0; i < keys.Length; i++)
        {
            var last = i == keys.Length - 1;
            switch (node)
            {
                case YamlMappingNode mapping:
                    var key = new YamlScalarNode(keys[i]);
                    if (!mapping.Children.TryGetValue(key, out var child))
                    {
                        if (!last)
                        {
                            // A section made here would have no line to point errors at: the file must hold it.
                            errors.Add(Error(file, mapping, $"--set {setting}: the file has no '{string.Join('.', keys[..(i + 1)])}'; write it in the file, then set its values"));
                            return;
                        }

                        // A single value the file leaves out (its default applies) is added, so any field can be set.
                        child = new YamlScalarNode(value);
                        mapping.Children.Add(key, child);
                        Added.AddOrUpdate(child, new Position(mapping.Start.Line, mapping.Start.Column));
                    }

                    if (last)
                    {
                        SetScalar(mapping.Children[key], setting, value, file, errors);
                        return;
                    }

                    node = child;
                    break;
                case YamlSequenceNode sequence:
                    var item = Item(sequence, keys[i]);
                    if (item is null)
                    {
                        var names = sequence.Children.Select((each, index) => Name(each) ?? index.ToString(CultureInfo.InvariantCulture));
                        errors.Add(Error(file, sequence, $"--set {setting}: no item '{keys[i]}' in {string.Join('.', keys[..i])} (items: {string.Join(", ", names)})"));
                        return;
                    }

                    if (last)
                    {
                        SetScalar(item, setting, value, file, errors);
                        return;
                    }

                    node = item;
                    break;
                default:
                    errors.Add(Error(file, node, $"--set {setting}: {string.Join('.', keys[..i])} is a single value; it has no '{keys[i]}'"));
                    return;
            }
        }
    }

    private static YamlNode? Item(YamlSequenceNode sequence, string key)
    {
        var named = sequence.Children.FirstOrDefault(each => Name(each) == key);
        if (named is not null)
        {
            return named;
        }

        return int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sequence.Children.Count
            ? sequence.Children[index]
            : null;
    }

    private static string? Name(YamlNode node) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode("name"), out var name) && name is YamlScalarNode { Value: { } text }
            ? text
            : null;

    // Keeps the node (and so its line and column) and changes its text.
    private static void SetScalar(YamlNode node, string setting, string value, string file, List<ScenarioError> errors)
    {
        if (node is YamlScalarNode scalar)
        {
            scalar.Value = value;
            return;
        }

        errors.Add(Error(file, node, $"--set {setting}: the file has a list or mapping there, not a single value"));
    }

    private static ScenarioError Error(string file, YamlNode node, string message) => new(file, node.Start.Line, node.Start.Column, message);

    /// <summary>Where an error about <paramref name="node"/> points: its place in the file, or for a value a setting added, its mapping's.</summary>
    internal static (long Line, long Column) PositionOf(YamlNode node) =>
        Added.TryGetValue(node, out var added) ? (added.Line, added.Column) : (node.Start.Line, node.Start.Column);

    private sealed record Position(long Line, long Column);
}
