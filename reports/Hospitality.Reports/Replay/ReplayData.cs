using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hospitality.Reports.Replay;

/// <summary>
/// What replay.html shows of one run: the topology, the faults on the timeline, and the frames the
/// game drew (decimated), each with every host's state and the busiest sync flows of its interval.
/// Compact on purpose: a 500-device day is hundreds of frames of 500 hosts each.
/// </summary>
public sealed record ReplayData
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Scenario { get; init; }

    public required ulong Seed { get; init; }

    public required string TraceHash { get; init; }

    /// <summary>The run's planned length; frames go on through the heal and drain after it.</summary>
    public required double DurationSeconds { get; init; }

    public required IReadOnlyList<ReplaySegment> Segments { get; init; }

    public required IReadOnlyList<ReplayHost> Hosts { get; init; }

    /// <summary>The upstreams a host can sync through; <see cref="ReplayFrame.States"/> refers to them by position.</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    public required IReadOnlyList<ReplayFault> Faults { get; init; }

    public required IReadOnlyList<ReplayFrame> Frames { get; init; }

    /// <summary>How many frames the game drew before decimation kept <see cref="Frames"/>.</summary>
    public required int FramesDrawn { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Encodes a host's state as one character of <see cref="ReplayFrame.States"/>.</summary>
    public static char StateCode(bool online, int? endpoint) => !online ? ReplayFrame.Offline : endpoint is { } index ? (char)('a' + index) : ReplayFrame.NoEndpoint;
}

/// <summary>A network segment: a property's building, the carrier's network, the cloud region.</summary>
public sealed record ReplaySegment(string Name, string Kind);

/// <summary>A node of the world: its role (device, greengrass, cloud), its kind of device, its home segment (by position) and its link.</summary>
public sealed record ReplayHost(string Name, string Role, string Kind, int Segment, string Link);

/// <summary>A fault on the timeline; a fault that never ends (a skewed clock) has no end.</summary>
public sealed record ReplayFault(string Label, double StartSeconds, double? EndSeconds);

/// <summary>
/// One kept frame. <see cref="States"/> has one character per host, in host order: '-' down, '.'
/// up with no live upstream, 'a', 'b', ... up and syncing through that endpoint. Outboxes and
/// clock offsets are sparse [host, value] pairs; flows are [from host, to host, bytes] since the
/// previous kept frame, the busiest first, and <see cref="OtherBytes"/> is the rest of the interval.
/// </summary>
public sealed record ReplayFrame(double Seconds, string States, IReadOnlyList<int[]> Outboxes, IReadOnlyList<long[]> ClockOffsetsMs, IReadOnlyList<long[]> Flows, long OtherBytes)
{
    public const char Offline = '-';

    public const char NoEndpoint = '.';
}
