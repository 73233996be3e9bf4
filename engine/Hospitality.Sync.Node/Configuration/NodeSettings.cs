using System.Globalization;
using System.Net;
using Hospitality.Sync.Hosting.Nodes;
using Microsoft.Extensions.Configuration;

namespace Hospitality.Sync.Node.Configuration;

/// <summary>
/// The "Node" section of the configuration (appsettings.json, then HOTELNODE_* environment
/// variables such as HOTELNODE_Node__Role, then the command line), checked before anything starts.
/// </summary>
internal sealed record NodeSettings
{
    /// <summary>Short command-line switches for the usual settings; any key also works as --Node:Key=value.</summary>
    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--role"] = "Node:Role",
        ["--node-id"] = "Node:NodeId",
        ["--listen"] = "Node:Listen",
        ["--port"] = "Node:Port",
        ["--data"] = "Node:DataPath",
        ["--store"] = "Node:Store",
        ["--postgres"] = "Node:Postgres",
        ["--cloud"] = "Node:Cloud",
        ["--greengrass"] = "Node:Greengrass",
        ["--writes-per-minute"] = "Workload:WritesPerMinute",
        ["--rooms"] = "Workload:Rooms",
    };

    /// <summary>Ids go into every HLC stamp and file name: short, and only characters safe in both.</summary>
    private const int NodeIdMaxChars = 64;

    public required NodeRole Role { get; init; }

    public required string NodeId { get; init; }

    public required IPAddress Listen { get; init; }

    public required int Port { get; init; }

    public required string DataPath { get; init; }

    public required NodeStore Store { get; init; }

    public string? Postgres { get; init; }

    public DnsEndPoint? Cloud { get; init; }

    public DnsEndPoint? Greengrass { get; init; }

    public required TimeSpan CloudBatchInterval { get; init; }

    public required TimeSpan HealthProbeInterval { get; init; }

    public required TimeSpan DrainTimeout { get; init; }

    public required WorkloadSettings Workload { get; init; }

    /// <summary>Reads and checks the settings; every problem is listed with the key and what is allowed.</summary>
    public static (NodeSettings? Settings, IReadOnlyList<string> Errors) Read(IConfiguration configuration)
    {
        var errors = new List<string>();
        var node = configuration.GetSection("Node");
        var role = Enumerated<NodeRole>(node, "Role", errors);
        var nodeId = node["NodeId"] ?? "";
        if (nodeId.Length is 0 or > NodeIdMaxChars || !nodeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add($"Node:NodeId '{nodeId}': 1-{NodeIdMaxChars} characters of letters, digits, '-', '_' or '.'");
        }

        var listen = IPAddress.TryParse(node["Listen"] ?? "127.0.0.1", out var address) ? address : null;
        if (listen is null)
        {
            errors.Add($"Node:Listen '{node["Listen"]}': an IP address (0.0.0.0 for every interface)");
        }

        var port = Number(node, "Port", 0, 65_535, 8000, errors);
        var store = Enumerated<NodeStore>(node, "Store", errors, NodeStore.Sqlite);
        var cloud = Address(node, "Cloud", errors);
        var greengrass = Address(node, "Greengrass", errors);
        var postgres = node["Postgres"] is { Length: > 0 } connection ? connection : null;
        if (role == NodeRole.Greengrass && cloud is null)
        {
            errors.Add("Node:Cloud: a Greengrass needs the cloud's address (host:port)");
        }

        if (role == NodeRole.Device && cloud is null && greengrass is null)
        {
            errors.Add("Node:Greengrass or Node:Cloud: a device needs at least one upstream (host:port)");
        }

        if (store == NodeStore.Postgres && (role != NodeRole.Cloud || postgres is null))
        {
            errors.Add("Node:Store 'postgres': only the cloud role stores in PostgreSQL, and Node:Postgres must hold its connection string");
        }

        var workload = configuration.GetSection("Workload");
        var settings = new NodeSettings
        {
            Role = role,
            NodeId = nodeId,
            Listen = listen ?? IPAddress.Loopback,
            Port = port,
            DataPath = node["DataPath"] is { Length: > 0 } path ? path : "data",
            Store = store,
            Postgres = postgres,
            Cloud = cloud,
            Greengrass = greengrass,
            CloudBatchInterval = TimeSpan.FromMilliseconds(Number(node, "CloudBatchIntervalMs", 10, 3_600_000, 15_000, errors)),
            HealthProbeInterval = TimeSpan.FromMilliseconds(Number(node, "HealthProbeIntervalMs", 10, 3_600_000, 5_000, errors)),
            DrainTimeout = TimeSpan.FromMilliseconds(Number(node, "DrainTimeoutMs", 0, 600_000, 10_000, errors)),
            Workload = new WorkloadSettings(
                Number(workload, "WritesPerMinute", 0, 600_000, 0, errors),
                Number(workload, "Rooms", 1, 100_000, 50, errors),
                Number(workload, "Seed", 0, int.MaxValue, 0, errors)),
        };
        if (role != NodeRole.Device && settings.Workload.WritesPerMinute > 0)
        {
            errors.Add("Workload:WritesPerMinute: only a device runs the workload's writes");
        }

        return errors.Count == 0 ? (settings, errors) : (null, errors);
    }

    private static T Enumerated<T>(IConfigurationSection section, string key, List<string> errors, T? fallback = null)
        where T : struct, Enum
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text) && fallback is { } value)
        {
            return value;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _))
        {
            return parsed;
        }

        errors.Add($"{section.Path}:{key} '{text}': one of {string.Join(", ", Enum.GetNames<T>().Select(name => name.ToLowerInvariant()))}");
        return default;
    }

    private static int Number(IConfigurationSection section, string key, int min, int max, int fallback, List<string> errors)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{section.Path}:{key} '{text}': a whole number from {min} to {max}");
        return fallback;
    }

    private static DnsEndPoint? Address(IConfigurationSection section, string key, List<string> errors)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && colon < text.Length - 1 && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65_535)
        {
            return new DnsEndPoint(text[..colon], port);
        }

        errors.Add($"{section.Path}:{key} '{text}': host:port, such as 127.0.0.1:8000");
        return null;
    }
}
