using Hospitality.Reports.Model;

namespace Hospitality.Reports.Formatting;

/// <summary>A run's P2P figures in words, the same in the terminal, report.md and report.html.</summary>
public static class PeerText
{
    /// <summary>One sentence per P2P property: available or not and why, links, fallbacks, device-to-device bytes.</summary>
    public static IEnumerable<string> Sentences(PeerToPeerReport report) => report.Properties.Select(Sentence);

    public static string Sentence(PropertyPeerReport property)
    {
        var state = property.Available
            ? $"P2P ran on {property.Property}: {Units.Count(property.Devices)} devices opened {Units.Count(property.LinksOpened)} links ({Units.Count(property.LinksFailed)} failed)"
            : $"P2P was unavailable on {property.Property}: none of its {Units.Count(property.Devices)} devices opened a link ({Units.Count(property.LinksFailed)} attempts failed){(property.Unavailable.Count > 0 ? $", because {property.Unavailable[0].Reason}, first given up on {Units.Duration(property.Unavailable[0].FirstSeconds)} into the run" : "")}; the servers carried all its traffic";
        var given = property.Available && property.Unavailable.Count > 0
            ? $"; peers given up on {Units.Count(property.Unavailable.Sum(each => each.Count))} times, most often because {property.Unavailable[0].Reason}"
            : "";
        var formed = property.MeshFormedP50Seconds is { } p50
            ? $"; {Units.Count(property.MeshFormed)} of {Units.Count(property.Boots)} device boots had all their planned links open, p50 {Units.Duration(p50)} and at most {Units.Duration(property.MeshFormedMaxSeconds!.Value)} after booting"
            : "";
        var versions = property.VersionsSent > 0
            ? $"; {Units.Count(property.VersionsSent)} versions sent to peers, {Units.Count(property.DeltasSent)} of them as deltas{(property.DeltasMissed > 0 ? $" ({Units.Count(property.DeltasMissed)} missed their base and were pulled whole)" : "")}"
            : "";
        var fallbacks = property.DirectSignalingFallbacks > 0 ? $"; {Units.Count(property.DirectSignalingFallbacks)} falls back to signaling without a server" : "";
        return $"{state}{formed}{given}{fallbacks}{versions}; device-to-device traffic {Units.Bytes(property.BytesPerDevicePerDay)} per device per day";
    }
}
