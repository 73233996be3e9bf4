using Hospitality.Reports.Model;

namespace Hospitality.Reports.Formatting;

/// <summary>A run's discovery figures in words and table rows, the same in the terminal, report.md and report.html.</summary>
public static class DiscoveryText
{
    public static readonly string[] SwitchOverColumns = ["Change", "Count", "Noticed p50", "Noticed max", "Switched p50", "Switched p99", "Switched max"];

    public static string Sentence(DiscoveryReport? discovery)
    {
        if (discovery is null)
        {
            return "no property found its Greengrass by mDNS (discovery: static, or no Greengrass)";
        }

        var found = discovery.FoundP50Ms is { } p50
            ? $"{Units.Count(discovery.Found)} of {Units.Count(discovery.Boots)} device boots found their Greengrass by mDNS in p50 {Units.Milliseconds(p50)}, p99 {Units.Milliseconds(discovery.FoundP99Ms!.Value)}, max {Units.Milliseconds(discovery.FoundMaxMs!.Value)}"
            : $"none of {Units.Count(discovery.Boots)} device boots found a Greengrass by mDNS";
        return $"{found}; mDNS traffic {Units.Bytes(discovery.MdnsBytesPerDeviceHour)} ({Units.Number(discovery.MdnsPacketsPerDeviceHour)} packets) per device per hour, sent and received";
    }

    /// <summary>One row per kind of change, in <see cref="SwitchOverColumns"/> order.</summary>
    public static IEnumerable<string[]> SwitchOverRows(DiscoveryReport discovery) =>
        discovery.SwitchOvers.Select(each => new[]
        {
            each.Change,
            Units.Count(each.Count),
            Optional(each.NoticedP50Ms),
            Optional(each.NoticedMaxMs),
            Units.Milliseconds(each.SwitchedP50Ms),
            Units.Milliseconds(each.SwitchedP99Ms),
            Units.Milliseconds(each.SwitchedMaxMs),
        });

    private static string Optional(double? milliseconds) => milliseconds is { } value ? Units.Milliseconds(value) : "–";
}
