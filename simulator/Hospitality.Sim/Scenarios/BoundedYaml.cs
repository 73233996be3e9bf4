using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Reads a YAML file within limits, so no file can crash or stall hsim. YamlDotNet's document model
/// recurses once per level of nesting (40,000 nested <c>[</c> overflow the stack) and hashes mapping
/// keys through aliases (an alias bomb as a key runs for minutes), so the file's events are streamed
/// first, without recursion, and refused past <see cref="DepthMax"/> levels or
/// <see cref="NodesMax"/> nodes with every alias expanded; only then is the document model built.
/// </summary>
public static class BoundedYaml
{
    /// <summary>1 MiB: the largest scenario in the repository is under 3 KB.</summary>
    public const long FileBytesMax = 1024 * 1024;

    /// <summary>Levels of nesting; a scenario needs five.</summary>
    public const int DepthMax = 64;

    /// <summary>Nodes with every alias expanded: a 2,000-device scenario written out in full needs a few thousand.</summary>
    public const long NodesMax = 100_000;

    /// <summary>Reads a file's text, refusing a folder or a file past <see cref="FileBytesMax"/>.</summary>
    /// <exception cref="ScenarioException">The path is a folder or the file is too large.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ScenarioException([new ScenarioError(path, 1, 1, "is a folder, not a YAML file; give a file such as scenarios/uc2-medium-hotel.yaml")]);
        }

        var length = new FileInfo(path).Length;
        if (length > FileBytesMax)
        {
            throw new ScenarioException([new ScenarioError(path, 1, 1, string.Create(CultureInfo.InvariantCulture, $"the file is {length:N0} bytes; a YAML file here is at most {FileBytesMax:N0} bytes (1 MiB)"))]);
        }

        return File.ReadAllText(path);
    }

    /// <exception cref="ScenarioException">The text is not valid YAML or passes a limit; the error gives the line and column.</exception>
    public static YamlStream Load(string text, string file)
    {
        if (text.Length > FileBytesMax)
        {
            throw new ScenarioException([new ScenarioError(file, 1, 1, string.Create(CultureInfo.InvariantCulture, $"the text is {text.Length:N0} characters; a YAML file here is at most {FileBytesMax:N0} bytes (1 MiB)"))]);
        }

        Check(text, file);
        var stream = new YamlStream();
        Guarded(file, () => Mark.Empty, () => stream.Load(new StringReader(text)));
        return stream;
    }

    // One pass over the events: depth, and the size of each anchored node with the aliases inside it expanded.
    private static void Check(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new List<(string? Anchor, long Nodes)>();
        var nodes = 0L;
        var last = Mark.Empty;
        Guarded(file, () => last, () =>
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.Start;
                switch (current)
                {
                    case NodeEvent start when start is SequenceStart or MappingStart:
                        if (open.Count == DepthMax)
                        {
                            throw Refuse(file, current.Start, $"nested more than {DepthMax} levels deep; a scenario needs a handful");
                        }

                        open.Add((AnchorOf(start), 1));
                        nodes++;
                        break;
                    case SequenceEnd or MappingEnd:
                        var (anchor, size) = open[^1];
                        open.RemoveAt(open.Count - 1);
                        Remember(anchors, anchor, size);
                        AddToParent(open, size);
                        break;
                    case Scalar scalar:
                        Remember(anchors, AnchorOf(scalar), 1);
                        AddToParent(open, 1);
                        nodes++;
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var expanded))
                        {
                            throw Refuse(file, current.Start, $"alias *{alias.Value.Value} refers to no anchor completed before it");
                        }

                        AddToParent(open, expanded);
                        nodes += expanded;
                        break;
                }

                if (nodes > NodesMax)
                {
                    throw Refuse(file, current.Start, string.Create(CultureInfo.InvariantCulture, $"more than {NodesMax:N0} values with every alias (*name) expanded; write the file out, or use fewer aliases"));
                }
            }
        });
    }

    private static string? AnchorOf(NodeEvent node) => node.Anchor.IsEmpty ? null : node.Anchor.Value;

    private static void Remember(Dictionary<string, long> anchors, string? anchor, long size)
    {
        if (anchor is not null)
        {
            anchors[anchor] = size;
        }
    }

    private static void AddToParent(List<(string? Anchor, long Nodes)> open, long size)
    {
        if (open.Count > 0)
        {
            open[^1] = (open[^1].Anchor, Math.Min(open[^1].Nodes + size, NodesMax + 1));
        }
    }

    private static ScenarioException Refuse(string file, Mark at, string message) =>
        new([new ScenarioError(file, Math.Max(1, at.Line), Math.Max(1, at.Column), message)]);

    // YamlDotNet reports most mistakes as YamlException with a place, and a few (found by fuzzing) as
    // other exceptions without one: those get the place of the last event read before them.
    private static void Guarded(string file, Func<Mark> last, Action read)
    {
        try
        {
            read();
        }
        catch (YamlException exception)
        {
            var at = exception.Start.Line > 0 ? exception.Start : last();
            throw Refuse(file, at, $"not valid YAML: {exception.Message}");
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException or OverflowException or KeyNotFoundException)
        {
            throw Refuse(file, last(), $"not valid YAML near here: {exception.Message}");
        }
    }
}
