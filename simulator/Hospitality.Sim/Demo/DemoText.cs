using System.Globalization;
using Hospitality.Sim.Network;

namespace Hospitality.Sim.Demo;

/// <summary>
/// The lines <c>hsim network-demo</c> prints. The wall time is the caller's (the simulator never reads the
/// OS clock); without one, the wall-clock figures read "…", which is how the README quotes the run.
/// </summary>
public static class DemoText
{
    public static IReadOnlyList<string> Lines(DemoResult result, TimeSpan? wall)
    {
        var invariant = CultureInfo.InvariantCulture;
        var traffic = result.Traffic;
        var seconds = wall?.TotalSeconds;
        var lines = new List<string>
        {
            $"trace hash   {result.TraceHash}  (seed {result.Seed.ToString(invariant)})",
            seconds is { } s
                ? string.Create(invariant, $"events       {result.Events:N0} in {s:F2} s wall = {result.Events / Math.Max(s, 1e-9):N0} events/s")
                : string.Create(invariant, $"events       {result.Events:N0} in … s wall = … events/s"),
            seconds is { } w
                ? string.Create(invariant, $"speed        {result.VirtualDuration.TotalSeconds:F0} virtual s in {w:F2} wall s = {result.VirtualDuration.TotalSeconds / Math.Max(w, 1e-9):N1}x real time")
                : string.Create(invariant, $"speed        {result.VirtualDuration.TotalSeconds:F0} virtual s in … wall s = …x real time"),
            string.Create(invariant, $"application  {result.MessagesAcknowledged:N0} messages acknowledged, {result.DatagramsReceived:N0} datagrams, {result.AnnouncementsHeard:N0} announcements heard, {result.Reconnects:N0} reconnects"),
            "traffic      kind        packets sent     bytes sent  bytes received",
        };
        foreach (var kind in Enum.GetValues<TrafficKind>())
        {
            var sent = traffic.Total(kind, TrafficDirection.Sent);
            var received = traffic.Total(kind, TrafficDirection.Received);
            lines.Add(string.Create(invariant, $"             {kind.ToString().ToLowerInvariant(),-10} {sent.Packets,13:N0} {sent.WireBytes,14:N0} {received.WireBytes,15:N0}"));
        }

        lines.Add("drops        " + string.Join(", ", Enum.GetValues<DropReason>().Select(reason => string.Create(invariant, $"{reason.ToString().ToLowerInvariant()} {traffic.Dropped(reason):N0}"))));
        return lines;
    }
}
