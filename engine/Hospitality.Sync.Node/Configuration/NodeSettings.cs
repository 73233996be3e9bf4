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
        ["--p2p"] = "Node:P2P",
        ["--peer-address"] = "Node:PeerAddress",
        ["--writes-per-minute"] = "Workload:WritesPerMinute",
        ["--rooms"] = "Workload:Rooms",
        ["--property"] = "Access:Property",
        ["--signing-key-file"] = "Access:SigningKeyFile",
        ["--token"] = "Access:Token",
        ["--token-file"] = "Access:TokenFile",
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

    /// <summary>
    /// Node:P2P: a device also links directly to the other devices of its property over WebRTC, signaling
    /// through its upstreams' /signaling (the Greengrass's first, then the cloud's), and replicates over those
    /// links beside its servers. Off by default.
    /// </summary>
    public bool PeerToPeer { get; init; }

    /// <summary>Node:PeerAddress: where the device's WebRTC gathers host candidates; unset, <see cref="Listen"/> (which must then name one address).</summary>
    public IPAddress? PeerAddress { get; init; }

    /// <summary>Node:CloudBatchIntervalMs: a fixed interval between a Greengrass's cloud pushes; unset, adaptive (the engine's default, as the simulator runs it).</summary>
    public TimeSpan? CloudBatchInterval { get; init; }

    public required TimeSpan HealthProbeInterval { get; init; }

    public required TimeSpan DrainTimeout { get; init; }

    public required WorkloadSettings Workload { get; init; }

    public required AccessSettings Access { get; init; }

    /// <summary>A file to which the node appends a line per version it stores (wall-clock µs, HLC stamp, origin): how hsim live measures propagation. Null: none.</summary>
    public string? StoredLog { get; init; }

    /// <summary>JSON lines of documents (<c>{"collection":…,"id":…,"body":…}</c>) the node writes at start when its store is empty (a cloud's preloaded data). Null: none.</summary>
    public string? SeedFile { get; init; }

    /// <summary>A run-loop callback that runs or waits this long is logged as slow, with what the time went to.</summary>
    public TimeSpan SlowTask { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Slow-task logs also say how long the OS kept the loop's thread off a CPU (Linux; a small read per callback).</summary>
    public bool SchedulerStatistics { get; init; }

    /// <summary>Compile the node's own code before serving: start-up takes seconds longer, and the first requests run as fast as later ones.</summary>
    public bool Precompile { get; init; }

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

        var peerToPeer = Flag(node, "P2P", errors);
        IPAddress? peerAddress = null;
        if (node["PeerAddress"] is { Length: > 0 } peerText && !IPAddress.TryParse(peerText, out peerAddress))
        {
            errors.Add($"Node:PeerAddress '{peerText}': an IP address, the device's own on the hotel's Wi-Fi");
        }

        if (peerToPeer && role != NodeRole.Device)
        {
            errors.Add("Node:P2P: only a device links to its peers (a Greengrass and the cloud serve signaling to them)");
        }

        if (peerToPeer && peerAddress is null && listen is not null && (listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any)))
        {
            errors.Add($"Node:PeerAddress: a device with P2P that listens on {listen} must name the address its peers reach it on");
        }

        var workload = configuration.GetSection("Workload");
        var access = ReadAccess(configuration.GetSection("Access"), errors);
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
            PeerToPeer = peerToPeer,
            PeerAddress = peerAddress,
            CloudBatchInterval = string.IsNullOrEmpty(node["CloudBatchIntervalMs"]) ? null : TimeSpan.FromMilliseconds(Number(node, "CloudBatchIntervalMs", 10, 3_600_000, 15_000, errors)),
            HealthProbeInterval = TimeSpan.FromMilliseconds(Number(node, "HealthProbeIntervalMs", 10, 3_600_000, 5_000, errors)),
            DrainTimeout = TimeSpan.FromMilliseconds(Number(node, "DrainTimeoutMs", 0, 600_000, 10_000, errors)),
            Workload = new WorkloadSettings(
                Number(workload, "WritesPerMinute", 0, 600_000, 0, errors),
                Number(workload, "Rooms", 1, 100_000, 50, errors),
                Number(workload, "Seed", 0, int.MaxValue, 0, errors),
                workload["Script"] is { Length: > 0 } script ? script : null,
                long.TryParse(workload["StartAtUnixMs"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var startAt) ? startAt : 0),
            Access = access,
            StoredLog = node["StoredLog"] is { Length: > 0 } log ? log : null,
            SeedFile = node["SeedFile"] is { Length: > 0 } seedFile ? seedFile : null,
            SlowTask = TimeSpan.FromMilliseconds(Number(node, "SlowTaskMs", 1, 600_000, 50, errors)),
            SchedulerStatistics = Flag(node, "SchedulerStatistics", errors),
            Precompile = Flag(node, "Precompile", errors),
        };
        if (role != NodeRole.Device && (settings.Workload.WritesPerMinute > 0 || settings.Workload.Script is not null))
        {
            errors.Add("Workload:WritesPerMinute or Workload:Script: only a device runs the workload's writes");
        }

        foreach (var (key, file) in new[] { ("Workload:Script", settings.Workload.Script), ("Node:SeedFile", settings.SeedFile) })
        {
            if (file is not null && !File.Exists(file))
            {
                errors.Add($"{key} '{file}': no such file");
            }
        }

        return errors.Count == 0 ? (settings, errors) : (null, errors);
    }

    /// <summary>
    /// The property, the signing key (base64 of at least 32 bytes, from Access:SigningKey, best set in the
    /// environment as HOTELNODE_Access__SigningKey, or from the file Access:SigningKeyFile) and the
    /// upstream token (Access:Token or Access:TokenFile). Errors name the key, never its value.
    /// </summary>
    private static AccessSettings ReadAccess(IConfigurationSection section, List<string> errors)
    {
        var property = section["Property"] is { Length: > 0 } named ? named : "hotel";
        if (property.Length > NodeIdMaxChars || !property.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add($"Access:Property '{property}': 1-{NodeIdMaxChars} characters of letters, digits, '-', '_' or '.'");
        }

        var keyText = Secret(section, "SigningKey", errors);
        byte[]? key = null;
        if (keyText is not null)
        {
            try
            {
                key = Convert.FromBase64String(keyText.Trim());
            }
            catch (FormatException)
            {
                errors.Add("Access:SigningKey: not base64 (the value is not shown; 'hotel-node key' prints a fresh one)");
            }

            if (key is { Length: < Hosting.Access.AccessTokens.KeyMinBytes })
            {
                errors.Add($"Access:SigningKey: {key.Length} bytes; an HS256 key is at least {Hosting.Access.AccessTokens.KeyMinBytes} (the value is not shown)");
                key = null;
            }
        }

        var token = Secret(section, "Token", errors)?.Trim();
        if (token is { Length: > Hosting.Access.AccessTokens.TokenMaxChars })
        {
            errors.Add($"Access:Token: {token.Length} characters; a token is at most {Hosting.Access.AccessTokens.TokenMaxChars}");
        }

        return new AccessSettings(property, key, token);
    }

    /// <summary>A secret from <c>key</c> or from the file named by <c>keyFile</c> (not both); null when neither is set.</summary>
    private static string? Secret(IConfigurationSection section, string key, List<string> errors)
    {
        var value = section[key] is { Length: > 0 } set ? set : null;
        var file = section[$"{key}File"] is { Length: > 0 } path ? path : null;
        if (value is not null && file is not null)
        {
            errors.Add($"{section.Path}:{key} and {section.Path}:{key}File: set one, not both");
            return null;
        }

        if (file is null)
        {
            return value;
        }

        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{section.Path}:{key}File '{file}': cannot be read ({exception.GetType().Name})");
            return null;
        }
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

    private static bool Flag(IConfigurationSection section, string key, List<string> errors)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{section.Path}:{key} '{text}': true or false");
        return false;
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
