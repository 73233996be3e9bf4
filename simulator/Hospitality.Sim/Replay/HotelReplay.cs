using Hospitality.Reports.Replay;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Replay;

/// <summary>
/// Turns the frames a hotel world drew into the replay's data: hosts by position, each frame's
/// states as one character per host, sparse outboxes and clock offsets, and the traffic of each
/// upstream link since the previous kept frame, the busiest <see cref="MaxFlowsPerFrame"/> of them
/// (the rest summed), so a 500-device day stays a few megabytes whatever its traffic.
/// </summary>
public static class HotelReplay
{
    public const int MaxFlowsPerFrame = 60;

    public static ReplayData Capture(HotelChainWorld world, string scenario, TimeSpan duration, IReadOnlyList<ReplayFault> faults)
    {
        var segments = world.Network.Segments.ToList();
        var hosts = world.Nodes.Select(node => new ReplayHost(
            node.Name,
            node.Role.ToString().ToLowerInvariant(),
            node is Tablet tablet ? tablet.Kind : node.Role.ToString().ToLowerInvariant(),
            Math.Max(0, segments.IndexOf(node.Host.Segment!)),
            node.Host.AccessProfile?.Name ?? "offline")).ToList();
        var index = hosts.Select((host, i) => (host.Name, i)).ToDictionary(pair => pair.Name, pair => pair.i, StringComparer.Ordinal);
        var endpoints = new List<string>();
        var previous = new Dictionary<(int From, int To), long>();
        var frames = new List<ReplayFrame>();
        foreach (var frame in world.Frames.Kept)
        {
            frames.Add(Encode(frame, index, endpoints, previous));
        }

        return new ReplayData
        {
            Scenario = scenario,
            Seed = world.Simulation.Seed,
            TraceHash = world.Simulation.Trace.HashHex,
            DurationSeconds = duration.TotalSeconds,
            Segments = segments.Select(segment => new ReplaySegment(world.NameOf(segment), segment.Kind.ToString().ToLowerInvariant())).ToList(),
            Hosts = hosts,
            Endpoints = endpoints,
            Faults = faults,
            Frames = frames,
            FramesDrawn = world.Frames.Frames,
        };
    }

    private static ReplayFrame Encode(Frame frame, Dictionary<string, int> index, List<string> endpoints, Dictionary<(int From, int To), long> previous)
    {
        var states = new char[index.Count];
        Array.Fill(states, ReplayFrame.Offline);
        var outboxes = new List<int[]>();
        var offsets = new List<long[]>();
        foreach (var host in frame.Hosts)
        {
            var i = index[host.Host];
            int? endpoint = null;
            if (host.Endpoint is { } name)
            {
                if (!endpoints.Contains(name))
                {
                    endpoints.Add(name);
                }

                endpoint = endpoints.IndexOf(name);
            }

            states[i] = ReplayData.StateCode(host.Online, endpoint);
            if (host.OutboxDepth > 0)
            {
                outboxes.Add([i, host.OutboxDepth]);
            }

            if (host.ClockOffset != TimeSpan.Zero)
            {
                offsets.Add([i, (long)Math.Round(host.ClockOffset.TotalMilliseconds)]);
            }
        }

        var flows = new List<long[]>();
        foreach (var flow in frame.Flows)
        {
            var key = (index[flow.From], index[flow.To]);
            var delta = flow.WireBytes - previous.GetValueOrDefault(key);
            previous[key] = flow.WireBytes;
            if (delta > 0)
            {
                flows.Add([key.Item1, key.Item2, delta]);
            }
        }

        // Busiest first; equal counts by host position, so the same run gives the same file.
        flows.Sort((a, b) => b[2] != a[2] ? b[2].CompareTo(a[2]) : a[0] != b[0] ? a[0].CompareTo(b[0]) : a[1].CompareTo(b[1]));
        var other = flows.Skip(MaxFlowsPerFrame).Sum(flow => flow[2]);
        return new ReplayFrame(frame.Time.TotalSeconds, new string(states), outboxes, offsets, flows.Take(MaxFlowsPerFrame).ToList(), other);
    }
}
