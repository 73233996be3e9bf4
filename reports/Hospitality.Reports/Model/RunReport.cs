using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hospitality.Reports.Model;

/// <summary>
/// Everything one scenario run measured, as written to <c>run.json</c>: the machine-readable
/// source of <c>report.md</c> and <c>report.html</c>, and what <c>hsim repro</c> replays from.
/// </summary>
public sealed record RunReport
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public required string Scenario { get; init; }

    public required string Description { get; init; }

    /// <summary>The scenario file the run came from, so a run can be replayed.</summary>
    public required string ScenarioFile { get; init; }

    /// <summary>The scenario file relative to the folder of this run.json, so <c>hsim repro</c> finds it from any directory; null in older run.json files.</summary>
    public string? ScenarioFromRun { get; init; }

    /// <summary>SHA-256 of the scenario file's text; <c>hsim repro</c> refuses a file that differs. Null in older run.json files.</summary>
    public string? ScenarioSha256 { get; init; }

    /// <summary>The targets file the run was judged against (a path, or "embedded:targets.yaml"); null in run.json files older than it.</summary>
    public string? TargetsFile { get; init; }

    /// <summary>Changes to the scenario file made on the command line (PATH=VALUE, as given to <c>--set</c> or <c>--vary</c>); a replay applies them again.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>The scenario with its settings, e.g. "basement (links.wifi-basement.loss=0.05)": what a sweep summarises apart.</summary>
    [JsonIgnore]
    public string Variant => Settings.Count == 0 ? Scenario : $"{Scenario} ({string.Join(", ", Settings)})";

    public required ulong Seed { get; init; }

    public required string TraceHash { get; init; }

    /// <summary>The run's length as requested (the scenario's duration unless overridden); the drain after it is extra.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Propagation counts the writes made this long into the run on (the scenario's <c>warm-up</c>); 0 counts every write.</summary>
    public double WarmUpSeconds { get; init; }

    /// <summary>The nodes' disk as the scenario gave it (<c>disk:</c>), its fsync quantiles in words; null: no disk of its own (the measured median for every commit).</summary>
    public string? Disk { get; init; }

    /// <summary>What the nodes run on when they share one machine (<c>one-machine:</c>), in words; null: each node its own.</summary>
    public string? Machine { get; init; }

    public required double VirtualSeconds { get; init; }

    public required double WallSeconds { get; init; }

    public required long Events { get; init; }

    /// <summary>Peak managed + native working set of the process during the run, in bytes.</summary>
    public long PeakMemoryBytes { get; init; }

    public required TopologyReport Topology { get; init; }

    /// <summary>The link profiles the scenario file defined (<c>links:</c>) and their numbers; none by default.</summary>
    public IReadOnlyList<LinkReport> Links { get; init; } = [];

    public required IReadOnlyList<PathReport> Paths { get; init; }

    public required IReadOnlyList<SeriesReport> Series { get; init; }

    public required IReadOnlyList<BandwidthReport> Bandwidth { get; init; }

    /// <summary>Pushes sent as deltas and pushed again whole, per role; empty in run.json files older than push deltas in the report.</summary>
    public IReadOnlyList<PushDeltaReport> PushDeltas { get; init; } = [];

    public required IReadOnlyList<HealReport> Heals { get; init; }

    public required IReadOnlyList<TargetResult> Targets { get; init; }

    public required ConvergenceReport Convergence { get; init; }

    /// <summary>Set when the run was live (<c>hsim live</c>: real processes and sockets on this machine); null for a simulated run.</summary>
    public LiveRun? Live { get; init; }

    /// <summary>The conflicts the run resolved; null in a run.json written before conflicts were recorded.</summary>
    public ConflictReport? Conflicts { get; init; }

    /// <summary>Each server's processor (service time, utilisation, queueing); empty in run.json files older than the service-time model.</summary>
    public IReadOnlyList<ServerReport> Servers { get; init; } = [];

    /// <summary>Each path's deliveries through the servers cut into hops, per phase; empty in run.json files older than the hop timings.</summary>
    public IReadOnlyList<HopReport> Hops { get; init; } = [];

    /// <summary>Every queue kind's wait and service times over the run; empty in run.json files older than the queue timings.</summary>
    public IReadOnlyList<QueueReport> Queues { get; init; } = [];

    /// <summary>What each property costs per month at the run's rate; null in run.json files older than the cost section.</summary>
    public CostReport? Cost { get; init; }

    /// <summary>Discovery and switch-over times and mDNS traffic; null when no property ran mDNS (or in an older run.json).</summary>
    public DiscoveryReport? Discovery { get; init; }

    /// <summary>P2P between each P2P property's devices (links, fallbacks, why peers were given up on); null when no property ran P2P (or in an older run.json).</summary>
    public PeerToPeerReport? PeerToPeer { get; init; }

    /// <summary>
    /// Converged, and every target came out as the scenario expects: passed, or failed where the
    /// scenario declares that failure (targets not measured do not fail a run).
    /// </summary>
    [JsonIgnore]
    public bool Passed => Convergence.Converged && Targets.All(target => !target.FailsTheRun);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">The text is not a run report.</exception>
    public static RunReport FromJson(string json) =>
        JsonSerializer.Deserialize<RunReport>(json, Json) ?? throw new JsonException("the file holds no run report");
}
