using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Costs;

/// <summary>
/// The prices a run's cost section uses (scenarios/costs.yaml): metered prices for what the run
/// measures at the cloud (<see cref="MeteredIds"/>), fixed monthly items per property, and the seed
/// guide's own totals per property to compare with.
/// </summary>
public sealed class CostTable
{
    public const string FileName = "costs.yaml";

    public const string EmbeddedName = "embedded:costs.yaml";

    /// <summary>The quantities a run measures per property: cloud requests, live messages, bytes each way.</summary>
    public static readonly IReadOnlyList<string> MeteredIds = ["cloud-requests", "live-messages", "cloud-egress-bytes", "cloud-ingress-bytes"];

    private static readonly string[] Topologies = ["greengrass", "cloud-only", "all"];

    private CostTable(string source, string currency, IReadOnlyList<MeteredPrice> metered, IReadOnlyList<FixedPrice> fixedPrices, IReadOnlyDictionary<PropertyTopology, double> seedTotals) =>
        (Source, Currency, Metered, Fixed, SeedTotals) = (source, currency, metered, fixedPrices, seedTotals);

    /// <summary>The file the prices came from (or <see cref="EmbeddedName"/>).</summary>
    public string Source { get; }

    public string Currency { get; }

    public IReadOnlyList<MeteredPrice> Metered { get; }

    public IReadOnlyList<FixedPrice> Fixed { get; }

    /// <summary>The seed's total per property per month, by topology (absent where it gives none).</summary>
    public IReadOnlyDictionary<PropertyTopology, double> SeedTotals { get; }

    /// <summary>The prices this build embeds (scenarios/costs.yaml).</summary>
    public static CostTable Documented() => Parse(EmbeddedFiles.Costs, EmbeddedName);

    /// <summary>The costs.yaml for a scenario file (beside it, else the nearest scenarios/costs.yaml above it), else the embedded one.</summary>
    /// <exception cref="ScenarioException">The file found is not a valid price table.</exception>
    /// <exception cref="IOException">The file found cannot be read.</exception>
    public static CostTable For(string? scenarioPath) =>
        scenarioPath is null || EmbeddedFiles.IsEmbedded(scenarioPath) || TargetFiles.Near(scenarioPath, FileName) is not { } path
            ? Documented()
            : Parse(BoundedYaml.ReadFile(path), Path.GetRelativePath(Environment.CurrentDirectory, path));

    /// <summary>Whether a YAML file is a price table (a mapping with a <c>metered</c> key), so a glob of scenarios can skip it.</summary>
    public static bool IsCostTable(string path)
    {
        try
        {
            return BoundedYaml.Load(BoundedYaml.ReadFile(path), path).Documents is [{ RootNode: YamlDotNet.RepresentationModel.YamlMappingNode root }]
                && root.Children.ContainsKey(new YamlDotNet.RepresentationModel.YamlScalarNode("metered"));
        }
        catch (Exception exception) when (exception is ScenarioException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <param name="path">Where the text came from, for errors.</param>
    /// <exception cref="ScenarioException">The text is not a valid price table: every problem, with its line.</exception>
    public static CostTable Parse(string yaml, string path)
    {
        var stream = BoundedYaml.Load(yaml, path);
        if (stream.Documents.Count != 1)
        {
            throw new ScenarioException([new ScenarioError(path, 1, 1, "a price table holds exactly one YAML document")]);
        }

        var errors = new List<ScenarioError>();
        var root = new YamlFields(stream.Documents[0].RootNode, "", path, errors, "currency", "metered", "fixed", "seed-totals");
        var currency = root.Text("currency") ?? "USD";
        var metered = root.Items("metered", required: true).Select((node, i) =>
        {
            var fields = new YamlFields(node, $"metered[{i}]", path, errors, "id", "what", "price", "per", "free", "source");
            var id = fields.Choice("id", MeteredIds.ToArray(), MeteredIds[0], required: true);
            return new MeteredPrice(
                id,
                fields.Text("what") ?? id,
                fields.Number("price", 0, 0, 1e9),
                fields.Number("per", 1, 1, 1e15),
                fields.Number("free", 0, 0, 1e18),
                fields.Text("source") ?? "");
        }).ToList();
        var fixedPrices = root.Items("fixed").Select((node, i) =>
        {
            var fields = new YamlFields(node, $"fixed[{i}]", path, errors, "item", "price", "applies-to", "source");
            return new FixedPrice(
                fields.Text("item", required: true) ?? "",
                fields.Number("price", 0, 0, 1e9),
                Topology(fields.Choice("applies-to", Topologies, "all")),
                fields.Text("source") ?? "");
        }).ToList();
        var seedTotals = new Dictionary<PropertyTopology, double>();
        if (root.Node("seed-totals", false) is { } seedNode)
        {
            var fields = new YamlFields(seedNode, "seed-totals", path, errors, "greengrass", "cloud-only");
            foreach (var topology in new[] { "greengrass", "cloud-only" })
            {
                if (fields.Node(topology, false) is not null)
                {
                    seedTotals[Topology(topology)] = fields.Number(topology, 0, 0, 1e9);
                }
            }
        }

        foreach (var duplicate in metered.GroupBy(price => price.Id).Where(group => group.Count() > 1))
        {
            errors.Add(new ScenarioError(path, 1, 1, $"metered price '{duplicate.Key}' appears {duplicate.Count()} times"));
        }

        return errors.Count == 0 ? new CostTable(path, currency, metered, fixedPrices, seedTotals) : throw new ScenarioException(errors);
    }

    private static PropertyTopology Topology(string text) => text switch
    {
        "greengrass" => PropertyTopology.Greengrass,
        "cloud-only" => PropertyTopology.CloudOnly,
        _ => PropertyTopology.All,
    };
}
