using System.Globalization;
using Hospitality.Sim.Network;
using YamlDotNet.RepresentationModel;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Reads a scenario's <c>links:</c>: link profiles of its own, each starting from a named profile
/// (or an earlier link of the file) and changing only what it lists, e.g. a basement's Wi-Fi
/// with 3 % loss. Errors are collected like every other field's, with their line and column.
/// </summary>
internal static class LinkReader
{
    /// <summary>The most custom links one file may define.</summary>
    public const int LinksMax = 32;

    private static readonly TimeSpan LatencyMax = TimeSpan.FromSeconds(10);

    // The start of a link given by numbers alone: no delay, loss or tail; a 256 KiB queue and 1,500-byte MTU (LinkProfile's defaults).
    private static readonly LinkProfile Blank = new() { Name = "none" };

    public static List<LinkProfile> Read(IReadOnlyList<YamlNode> nodes, string file, List<ScenarioError> errors)
    {
        var links = new List<LinkProfile>();
        foreach (var (node, i) in nodes.Select((node, i) => (node, i)))
        {
            if (ReadLink(node, $"links[{i}]", file, errors, links) is { } link)
            {
                links.Add(link);
            }
        }

        if (links.Count > LinksMax && nodes.Count > LinksMax)
        {
            errors.Add(new ScenarioError(file, nodes[LinksMax].Start.Line, nodes[LinksMax].Start.Column, $"links: at most {LinksMax} links in one scenario"));
        }

        return links;
    }

    private static LinkProfile? ReadLink(YamlNode node, string path, string file, List<ScenarioError> errors, List<LinkProfile> earlier)
    {
        var fields = new YamlFields(node, path, file, errors,
            "name", "base", "latency", "rtt", "jitter", "tail-probability", "tail-scale", "tail-max", "loss", "up", "down",
            "queue", "mtu", "duplication", "reorder", "reorder-delay", "wifi");
        var name = fields.Text("name", required: true);
        var baseName = fields.Text("base");
        var known = LinkProfiles.All.Concat(earlier).ToList();
        if (name is not null)
        {
            if (!IsSimpleName(name))
            {
                fields.Error(fields.Node("name", false)!, $"{path}.name: '{name}' must be lower-case letters, digits and dashes, like wifi-basement");
                name = null;
            }
            else if (known.Any(profile => profile.Name == name))
            {
                var what = LinkProfiles.All.Any(profile => profile.Name == name) ? "a built-in link profile" : "defined twice";
                fields.Error(fields.Node("name", false)!, $"{path}.name: '{name}' is {what}; give this link a name of its own");
                name = null;
            }
        }

        var basis = baseName is null ? null : known.FirstOrDefault(profile => profile.Name == baseName);
        if (baseName is not null && basis is null)
        {
            fields.Error(fields.Node("base", false)!, $"{path}.base: '{baseName}' is not a link profile or an earlier link of this file (known: {string.Join(", ", known.Select(profile => profile.Name))})");
        }

        if (baseName is null)
        {
            // A link from numbers alone: what a line's data sheet gives is required, every impairment defaults to none.
            foreach (var key in new[] { "up", "down" }.Where(key => fields.Node(key, false) is null))
            {
                fields.Error(node, $"{path}.{key} is required for a link without a base (a bit rate, like 20Mbit)");
            }

            if (fields.Node("latency", false) is null && fields.Node("rtt", false) is null)
            {
                fields.Error(node, $"{path}: give latency (one way, per hop, like 20ms) or rtt (round trip, like 40ms) for a link without a base");
            }
        }

        basis ??= Blank;
        var link = basis with
        {
            Name = name ?? path,
            BaseLatency = OneWayLatency(fields, path) ?? basis.BaseLatency,
            Jitter = Latency(fields, "jitter") ?? basis.Jitter,
            TailProbability = fields.Share("tail-probability", basis.TailProbability, 1),
            TailScale = Latency(fields, "tail-scale") ?? basis.TailScale,
            TailMax = Latency(fields, "tail-max") ?? basis.TailMax,
            LossRate = fields.Share("loss", basis.LossRate, 0.9),
            UpBitsPerSecond = fields.BitRate("up", 1_000, 100_000_000_000) ?? basis.UpBitsPerSecond,
            DownBitsPerSecond = fields.BitRate("down", 1_000, 100_000_000_000) ?? basis.DownBitsPerSecond,
            QueueLimitBytes = fields.Bytes("queue", 1_500, 64 * 1024 * 1024) ?? basis.QueueLimitBytes,
            MtuBytes = fields.Bytes("mtu", 576, 9_000) ?? basis.MtuBytes,
            DuplicationRate = fields.Share("duplication", basis.DuplicationRate, 0.5),
            ReorderRate = fields.Share("reorder", basis.ReorderRate, 0.5),
            ReorderDelay = Latency(fields, "reorder-delay") ?? basis.ReorderDelay,
        };

        if (link.TailMax != TimeSpan.Zero && link.TailMax < link.TailScale)
        {
            fields.Error(node, string.Create(CultureInfo.InvariantCulture, $"{path}.tail-max: {link.TailMax.TotalMilliseconds} ms is below tail-scale ({link.TailScale.TotalMilliseconds} ms)"));
        }

        if (link.QueueLimitBytes < link.MtuBytes)
        {
            fields.Error(node, string.Create(CultureInfo.InvariantCulture, $"{path}.queue: {link.QueueLimitBytes:N0} bytes cannot hold one packet of the mtu ({link.MtuBytes:N0} bytes)"));
        }

        if (fields.Node("wifi", false) is { } wifiNode)
        {
            if (basis.Wifi is null)
            {
                fields.Error(wifiNode, $"{path}.wifi: only a link based on a Wi-Fi profile (wifi, wifi-congested) shares a channel; '{basis.Name}' is a dedicated link");
            }
            else
            {
                var wifi = new YamlFields(wifiNode, $"{path}.wifi", file, errors, "stations-per-access-point", "attempt-error-rate", "retry-limit", "max-aggregate-frames");
                link = link with
                {
                    Wifi = basis.Wifi with
                    {
                        StationsPerAccessPoint = wifi.Integer("stations-per-access-point", basis.Wifi.StationsPerAccessPoint, 1, 500),
                        AttemptErrorRate = wifi.Share("attempt-error-rate", basis.Wifi.AttemptErrorRate, 0.9),
                        RetryLimit = wifi.Integer("retry-limit", basis.Wifi.RetryLimit, 1, 16),
                        MaxAggregateFrames = wifi.Integer("max-aggregate-frames", basis.Wifi.MaxAggregateFrames, 1, 256),
                    },
                };
            }
        }

        return name is null || (baseName is not null && basis.Name != baseName) ? null : link;
    }

    // latency: one way per hop; or rtt: a round trip, taken as two one-way hops of half each (not both).
    private static TimeSpan? OneWayLatency(YamlFields fields, string path)
    {
        if (fields.Node("latency", false) is not null && fields.Node("rtt", false) is { } rttNode)
        {
            fields.Error(rttNode, $"{path}.rtt: give latency (one way) or rtt (round trip), not both");
            return null;
        }

        return fields.Node("rtt", false) is null ? Latency(fields, "latency") : Latency(fields, "rtt", 2) is { } rtt ? rtt / 2 : null;
    }

    // A one-way delay of a hop: at least zero and at most LatencyMax.
    private static TimeSpan? Latency(YamlFields fields, string key, int hops = 1)
    {
        var value = fields.Duration(key);
        if (value is { } delay && delay > LatencyMax * hops)
        {
            fields.Error(fields.Node(key, false)!, $"{fields.Name(key)}: '{fields.Text(key)}' is too long: at most {(LatencyMax * hops).TotalSeconds:0} s {(hops == 1 ? "one way" : "round trip")}");
            return null;
        }

        return value;
    }

    private static bool IsSimpleName(string name) =>
        name.Length <= 40 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && char.IsAsciiLetterLower(name[0]);
}
