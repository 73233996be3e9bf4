using YamlDotNet.RepresentationModel;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Every documented target (scenarios/targets.yaml). Metrics a run can measure:
/// <c>path-p50:PATH</c>, <c>path-p99:PATH</c> (ms), <c>bandwidth-per-device</c> (MB/day),
/// <c>heal-max</c> and <c>initial-sync-max</c> (s), and <c>not-simulated</c> for rows the simulator cannot measure yet.
/// </summary>
public sealed class TargetCatalog
{
    private static readonly string[] MetricPrefixes = ["path-p50:", "path-p99:", "bandwidth-per-device", "heal-max", "initial-sync-max", "not-simulated"];

    private TargetCatalog(IReadOnlyList<TargetSpec> targets, string source) => (Targets, Source) = (targets, source);

    public IReadOnlyList<TargetSpec> Targets { get; }

    /// <summary>The file the targets were read from (or <see cref="EmbeddedFiles.TargetsName"/>), so a run says what it was judged against.</summary>
    public string Source { get; }

    public IReadOnlySet<string> Ids => Targets.Select(target => target.Id).ToHashSet(StringComparer.Ordinal);

    public TargetSpec this[string id] => Targets.First(target => target.Id == id);

    /// <summary>
    /// Whether a YAML file is a target list (one mapping whose only key is <c>targets</c>), so a glob
    /// such as <c>scenarios/*.yaml</c> can skip it instead of refusing it as a scenario.
    /// </summary>
    public static bool IsTargetList(string path)
    {
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(BoundedYaml.ReadFile(path), path);
        }
        catch (Exception exception) when (exception is ScenarioException or IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return stream.Documents is [{ RootNode: YamlMappingNode { Children.Count: 1 } root }]
            && root.Children.Keys.Single() is YamlScalarNode { Value: "targets" };
    }

    /// <exception cref="ScenarioException">The file is not a valid target list.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TargetCatalog Read(string path) => Parse(BoundedYaml.ReadFile(path), path);

    /// <summary>The documented targets as this build carries them (scenarios/targets.yaml, embedded), for a scenario with no targets file near it.</summary>
    public static TargetCatalog Documented() => Parse(EmbeddedFiles.Targets, EmbeddedFiles.TargetsName);

    /// <param name="path">Where the text came from, for errors.</param>
    /// <exception cref="ScenarioException">The text is not a valid target list.</exception>
    public static TargetCatalog Parse(string yaml, string path)
    {
        var stream = BoundedYaml.Load(yaml, path);
        if (stream.Documents.Count != 1)
        {
            throw new ScenarioException([new ScenarioError(path, 1, 1, "a target file holds exactly one YAML document")]);
        }

        var errors = new List<ScenarioError>();
        var root = new YamlFields(stream.Documents[0].RootNode, "", path, errors, "targets");
        var targets = root.Items("targets", required: true).Select((node, i) =>
        {
            var fields = new YamlFields(node, $"targets[{i}]", path, errors, "id", "source", "description", "expected", "limit", "unit", "metric");
            var metric = fields.Text("metric", required: true) ?? "";
            if (metric.Length > 0 && !MetricPrefixes.Any(prefix => metric.StartsWith(prefix, StringComparison.Ordinal)))
            {
                fields.Error(fields.Node("metric", false)!, $"targets[{i}].metric: '{metric}' is not one of: {string.Join(", ", MetricPrefixes)}");
            }

            return new TargetSpec(
                fields.Text("id", required: true) ?? "",
                fields.Text("source", required: true) ?? "",
                fields.Text("description", required: true) ?? "",
                fields.Text("expected", required: true) ?? "",
                fields.Number("limit", 0, 0, double.MaxValue),
                fields.Text("unit", required: true) ?? "",
                metric);
        }).ToList();
        foreach (var duplicate in targets.GroupBy(target => target.Id).Where(group => group.Count() > 1))
        {
            errors.Add(new ScenarioError(path, 1, 1, $"target id '{duplicate.Key}' appears {duplicate.Count()} times"));
        }

        return errors.Count == 0 ? new TargetCatalog(targets, path) : throw new ScenarioException(errors);
    }
}
