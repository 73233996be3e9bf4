using System.Globalization;
using Hospitality.Sim.Discovery;
using Hospitality.Sim.Network;
using Hospitality.Sim.Workload;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Reads and validates a scenario file. Every error comes back at once, each with the file, line,
/// column and what is wrong, so an architect fixes a file in one pass.
/// </summary>
public static class ScenarioReader
{
    private static readonly Dictionary<string, ScenarioFaultKind> FaultKinds = new(StringComparer.Ordinal)
    {
        ["greengrass-crash"] = ScenarioFaultKind.GreengrassCrash,
        ["cloud-outage"] = ScenarioFaultKind.CloudOutage,
        ["internet-outage"] = ScenarioFaultKind.InternetOutage,
        ["partition"] = ScenarioFaultKind.Partition,
        ["device-crash"] = ScenarioFaultKind.DeviceCrash,
        ["loss-burst"] = ScenarioFaultKind.LossBurst,
        ["clock-skew"] = ScenarioFaultKind.ClockSkew,
        ["handover"] = ScenarioFaultKind.Handover,
        ["offline"] = ScenarioFaultKind.Offline,
        ["rogue-responder"] = ScenarioFaultKind.RogueResponder,
    };

    private static readonly Dictionary<string, HotelActivity> ActivityNames = new(StringComparer.Ordinal)
    {
        ["check-out"] = HotelActivity.CheckOut,
        ["check-in"] = HotelActivity.CheckIn,
        ["reservation"] = HotelActivity.Reservation,
        ["housekeeping"] = HotelActivity.Housekeeping,
        ["maintenance"] = HotelActivity.Maintenance,
        ["inventory"] = HotelActivity.Inventory,
    };

    /// <summary>Reads a duration as scenario files write it: 90s, 15m, 1h30m, 24h, 500ms, -8m.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration) => YamlFields.TryParseDuration(text, out duration);

    /// <exception cref="ScenarioException">The file is not a valid scenario; every error is listed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static Scenario Read(string path, IReadOnlySet<string>? knownTargets = null, IReadOnlyList<string>? settings = null) =>
        Parse(BoundedYaml.ReadFile(path), path, knownTargets, settings);

    /// <param name="settings">Changes from the command line, PATH=VALUE (see <see cref="ScenarioSettings"/>), applied before validation.</param>
    /// <exception cref="ScenarioException">The text is not a valid scenario; every error is listed.</exception>
    public static Scenario Parse(string yaml, string file, IReadOnlySet<string>? knownTargets = null, IReadOnlyList<string>? settings = null)
    {
        var stream = BoundedYaml.Load(yaml, file);
        if (stream.Documents.Count != 1)
        {
            throw new ScenarioException([new ScenarioError(file, 1, 1, "a scenario file holds exactly one YAML document")]);
        }

        var errors = new List<ScenarioError>();
        settings ??= [];
        ScenarioSettings.Apply(stream.Documents[0].RootNode, settings, file, errors);
        var root = new YamlFields(stream.Documents[0].RootNode, "", file, errors, "name", "description", "duration", "warm-up", "seeds", "properties", "workload", "faults", "targets", "expect", "links", "disk", "one-machine");
        var links = LinkReader.Read(root.Items("links"), file, errors);
        var linkNames = LinkProfiles.All.Concat(links).Select(profile => profile.Name).ToList();
        var properties = root.Items("properties", required: true).Select((node, i) => ReadProperty(node, $"properties[{i}]", file, errors, linkNames)).ToList();
        if (properties.Count == 0 && root.Node("properties", false) is { } emptyProperties)
        {
            root.Error(emptyProperties, "properties: a scenario needs at least one property");
        }

        var duration = root.Duration("duration", required: true) ?? TimeSpan.FromMinutes(1);
        if (!RunLength.IsAllowed(duration))
        {
            root.Error(root.Node("duration", false)!, $"duration must be {RunLength.Allowed}");
        }

        var warmUp = root.Duration("warm-up") ?? TimeSpan.Zero;
        if (warmUp >= duration && root.Node("warm-up", false) is { } tooLong)
        {
            root.Error(tooLong, $"warm-up: {warmUp} leaves nothing to measure in a run of {duration}; give less than the duration (0s counts every write)");
        }

        var seeds = root.Items("seeds").Select(node => ReadSeed(node, root)).OfType<ulong>().ToList();
        var scenario = new Scenario
        {
            Name = root.Text("name", required: true) ?? Path.GetFileNameWithoutExtension(file),
            Description = root.Text("description") ?? "",
            File = file,
            TextSha256 = Sha256Of(yaml),
            Duration = duration,
            WarmUp = warmUp,
            Disk = root.Node("disk", false) is { } disk ? DiskReader.Read(disk, file, errors) : null,
            OneMachineCores = root.Node("one-machine", false) is { } machine ? new YamlFields(machine, "one-machine", file, errors, "cores").Integer("cores", 2, 1, 64, required: true) : null,
            Seeds = seeds.Count > 0 ? seeds : [1],
            Properties = properties,
            Links = links,
            Settings = settings,
            Workload = root.Node("workload", false) is { } workload ? ReadWorkload(workload, file, errors) : new WorkloadSpec(),
            Faults = root.Items("faults").Select((node, i) => ReadFault(node, $"faults[{i}]", file, errors, properties, duration)).OfType<FaultSpec>().ToList(),
            Targets = root.Items("targets").Select(node => ReadTarget(node, root, knownTargets)).OfType<string>().ToList(),
        };

        if (root.Node("expect", false) is { } expect)
        {
            scenario = scenario with { Expect = ReadExpectation(expect, file, errors, scenario.Targets) };
        }

        if (scenario.Devices is < 1 or > 2000 && properties.Count > 0)
        {
            root.Error(root.Node("properties", false)!, $"properties: {scenario.Devices} devices in all; a world holds 1 to 2,000");
        }

        return errors.Count == 0 ? scenario : throw new ScenarioException(errors);
    }

    /// <summary>SHA-256 of a scenario's text as UTF-8, in lowercase hex.</summary>
    public static string Sha256Of(string yaml) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(yaml)));

    private static PropertySpec ReadProperty(YamlNode node, string path, string file, List<ScenarioError> errors, IReadOnlyList<string> linkNames)
    {
        var fields = new YamlFields(node, path, file, errors, "name", "greengrass", "uplink", "devices", "discovery", "compression", "p2p", "client-isolation");
        var devices = fields.Items("devices", required: true).Select((each, i) =>
        {
            var group = new YamlFields(each, $"{path}.devices[{i}]", file, errors, "kind", "count", "link");
            return new DeviceGroupSpec(
                group.Choice("kind", DeviceKinds.All, DeviceKinds.FrontDesk, required: true),
                group.Integer("count", 1, 1, 1000, required: true),
                group.Choice("link", linkNames, LinkProfiles.Wifi.Name));
        }).ToList();
        var greengrass = fields.Flag("greengrass", true);
        return new PropertySpec(
            fields.Text("name", required: true) ?? path,
            greengrass,
            fields.Choice("uplink", linkNames, LinkProfiles.Broadband.Name),
            devices,
            fields.Choice("discovery", ["mdns", "static"], greengrass ? "mdns" : "static") == "mdns" ? DiscoveryMode.Mdns : DiscoveryMode.Static,
            fields.Choice("compression", ["on", "off"], "on") == "on",
            fields.Flag("p2p", false),
            fields.Flag("client-isolation", false));
    }

    private static WorkloadSpec ReadWorkload(YamlNode node, string file, List<ScenarioError> errors)
    {
        var fields = new YamlFields(node, "workload", file, errors, "rooms", "guests", "inventory", "start", "rhythm", "concurrency", "per-room-per-day", "burst");
        var defaults = new WorkloadSpec();
        var rates = new Dictionary<HotelActivity, double>(defaults.PerRoomPerDay);
        if (fields.Node("per-room-per-day", false) is { } ratesNode)
        {
            var activities = new YamlFields(ratesNode, "workload.per-room-per-day", file, errors, [.. ActivityNames.Keys]);
            foreach (var (name, activity) in ActivityNames)
            {
                rates[activity] = activities.Number(name, rates[activity], 0, 100);
            }
        }

        var spec = defaults with
        {
            Rooms = fields.Integer("rooms", defaults.Rooms, 1, 5000),
            Guests = fields.Integer("guests", defaults.Guests, 0, 20000),
            InventoryItems = fields.Integer("inventory", defaults.InventoryItems, 1, 1000),
            StartTime = ReadClock(fields) ?? defaults.StartTime,
            DailyRhythm = fields.Choice("rhythm", ["daily", "flat"], "daily") == "daily",
            Concurrency = fields.Number("concurrency", defaults.Concurrency, 0, 1),
            PerRoomPerDay = rates,
        };
        if (fields.Node("burst", false) is { } burstNode)
        {
            var burst = new YamlFields(burstNode, "workload.burst", file, errors, "at", "for", "factor");
            spec = spec with
            {
                BurstAt = burst.Duration("at", required: true) ?? TimeSpan.Zero,
                BurstFor = burst.Duration("for", required: true) ?? TimeSpan.Zero,
                BurstFactor = burst.Number("factor", 1, 1, 100),
            };
        }

        return spec;
    }

    private static TimeSpan? ReadClock(YamlFields fields)
    {
        var text = fields.Text("start");
        if (text is null)
        {
            return null;
        }

        if (TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out var time))
        {
            return time;
        }

        fields.Error(fields.Node("start", false)!, $"workload.start: '{text}' must be a time of day like 06:00");
        return null;
    }

    private static FaultSpec? ReadFault(YamlNode node, string path, string file, List<ScenarioError> errors, List<PropertySpec> properties, TimeSpan duration)
    {
        var fields = new YamlFields(node, path, file, errors, "kind", "at", "for", "property", "devices", "device-kind", "offset");
        var kindText = fields.Choice("kind", FaultKinds.Keys.ToList(), "", required: true);
        var at = fields.Duration("at", required: true);
        var span = fields.Duration("for");
        var property = fields.Text("property");
        var devices = fields.Integer("devices", 0, 0, 2000);
        var deviceKind = fields.Node("device-kind", false) is null ? null : fields.Choice("device-kind", DeviceKinds.All, DeviceKinds.FrontDesk);
        var offset = fields.Duration("offset", allowNegative: true) ?? TimeSpan.Zero;
        if (!FaultKinds.TryGetValue(kindText, out var kind))
        {
            return null;
        }

        var needsProperty = kind is not ScenarioFaultKind.CloudOutage;
        var target = property is null ? null : properties.FirstOrDefault(each => each.Name == property);
        if (needsProperty && target is null)
        {
            fields.Error(fields.Node("property", false) ?? node, $"{path}.property: {(property is null ? "required for " + kindText : $"no property named '{property}'")} (properties: {string.Join(", ", properties.Select(each => each.Name))})");
        }

        if (target is not null && kind == ScenarioFaultKind.GreengrassCrash && !target.Greengrass)
        {
            fields.Error(node, $"{path}: property '{property}' has no Greengrass to crash");
        }

        if (target is not null && kind == ScenarioFaultKind.RogueResponder && target.Discovery != DiscoveryMode.Mdns)
        {
            fields.Error(node, $"{path}: property '{property}' does not use mDNS (discovery: static): a rogue responder has no one to fool");
        }

        var deviceFaults = new[] { ScenarioFaultKind.Partition, ScenarioFaultKind.DeviceCrash, ScenarioFaultKind.LossBurst, ScenarioFaultKind.ClockSkew, ScenarioFaultKind.Handover, ScenarioFaultKind.Offline };
        if (deviceFaults.Contains(kind) && devices == 0)
        {
            fields.Error(node, $"{path}.devices: {kindText} needs how many devices it hits (devices: N)");
        }

        if (target is not null && devices > target.Devices.Where(group => deviceKind is null || group.Kind == deviceKind).Sum(group => group.Count))
        {
            fields.Error(fields.Node("devices", false)!, $"{path}.devices: property '{property}' has fewer than {devices} {deviceKind ?? "devices"}");
        }

        if (kind == ScenarioFaultKind.ClockSkew ? offset == TimeSpan.Zero : span is null)
        {
            fields.Error(node, kind == ScenarioFaultKind.ClockSkew ? $"{path}.offset: clock-skew needs an offset like -8m" : $"{path}.for: {kindText} needs how long it lasts (for: 10m)");
        }

        if (at > duration)
        {
            fields.Error(fields.Node("at", false)!, $"{path}.at: {at} is after the end of the run ({duration})");
        }

        return at is null ? null : new FaultSpec(kind, at.Value, span, property, devices, deviceKind, offset);
    }

    // expect: one { fail, because, seeds } mapping, or a list of them.
    private static ScenarioExpectation ReadExpectation(YamlNode node, string file, List<ScenarioError> errors, IReadOnlyList<string> targets)
    {
        if (node is YamlSequenceNode list)
        {
            return new ScenarioExpectation(list.Children.Select((each, i) => ReadExpectedFailure(each, $"expect[{i}]", file, errors, targets)).ToList());
        }

        return new ScenarioExpectation([ReadExpectedFailure(node, "expect", file, errors, targets)]);
    }

    private static ExpectedFailure ReadExpectedFailure(YamlNode node, string path, string file, List<ScenarioError> errors, IReadOnlyList<string> targets)
    {
        var fields = new YamlFields(node, path, file, errors, "fail", "because", "seeds");
        var fail = new List<string>();
        foreach (var item in fields.Items("fail", required: true))
        {
            if (item is not YamlScalarNode { Value: { Length: > 0 } id })
            {
                fields.Error(item, $"{path}.fail: each entry is a target id from this scenario's targets");
            }
            else if (!targets.Contains(id, StringComparer.Ordinal))
            {
                fields.Error(item, $"{path}.fail: '{id}' is not one of this scenario's targets ({(targets.Count == 0 ? "it has none" : string.Join(", ", targets))})");
            }
            else if (fail.Contains(id, StringComparer.Ordinal))
            {
                fields.Error(item, $"{path}.fail: '{id}' is listed twice");
            }
            else
            {
                fail.Add(id);
            }
        }

        if (fields.Node("fail", false) is YamlSequenceNode { Children.Count: 0 } empty)
        {
            fields.Error(empty, $"{path}.fail: list at least one target id, or leave out expect");
        }

        List<ulong>? only = null;
        if (fields.Node("seeds", false) is not null)
        {
            only = fields.Items("seeds").Select(each => ReadSeed(each, fields)).OfType<ulong>().ToList();
        }

        var because = fields.Text("because", required: true) ?? "";
        return new ExpectedFailure(fail, because.Trim(), only);
    }

    private static ulong? ReadSeed(YamlNode node, YamlFields root)
    {
        if (node is YamlScalarNode { Value: { } text } && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
        {
            return seed;
        }

        root.Error(node, "seeds: each seed is a whole number of at least 0");
        return null;
    }

    private static string? ReadTarget(YamlNode node, YamlFields root, IReadOnlySet<string>? known)
    {
        if (node is not YamlScalarNode { Value: { Length: > 0 } id })
        {
            root.Error(node, "targets: each target is an id from targets.yaml");
            return null;
        }

        if (known is not null && !known.Contains(id))
        {
            root.Error(node, $"targets: no target '{id}' in targets.yaml");
            return null;
        }

        return id;
    }
}
