using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Metrics;

/// <summary>
/// Every queue kind's wait and service times in a run, by where they are (a link profile and
/// direction, a node role and work kind). Queues look their timing up once, when they are made,
/// so recording costs a histogram record and no lookup.
/// </summary>
public sealed class QueueTimings
{
    private readonly Dictionary<(QueueKind Kind, string Where), StageTiming> _stages = [];

    /// <summary>Whether <see cref="EndStartUp"/> was called: each stage then holds its start-up apart.</summary>
    public bool StartUpEnded { get; private set; }

    /// <summary>The timing of one queue kind at one place, made on first use.</summary>
    public StageTiming Stage(QueueKind kind, string where)
    {
        if (!_stages.TryGetValue((kind, where), out var stage))
        {
            stage = new StageTiming(kind, where, served: kind is not (QueueKind.TcpSendBuffer or QueueKind.TcpUnsent or QueueKind.TcpRetransmission));
            if (StartUpEnded)
            {
                stage.EndStartUp(); // nothing queued here during the start-up
            }

            _stages.Add((kind, where), stage);
        }

        return stage;
    }

    /// <summary>
    /// The start-up (every device's initial sync) is over: what each queue recorded so far is kept
    /// apart, so the rest of the run reads as normal operation; called once, from an event already running.
    /// </summary>
    public void EndStartUp()
    {
        if (StartUpEnded)
        {
            return;
        }

        StartUpEnded = true;
        foreach (var stage in _stages.Values)
        {
            stage.EndStartUp();
        }
    }

    /// <summary>A node role's processor timings, one per kind of work (indexed by <see cref="NodeWorkKind"/>).</summary>
    public StageTiming[] Processor(string role) =>
        Enum.GetValues<NodeWorkKind>().Select(kind => Stage(QueueKind.Processor, $"{role}, {WorkLabel(kind)}")).ToArray();

    /// <summary>Every queue that saw anything, by kind in report order, then by place.</summary>
    public IReadOnlyList<StageTiming> Recorded() =>
        _stages.Values.Where(stage => stage.Wait.TotalCount > 0 || stage.StartUpWait?.TotalCount > 0)
            .OrderBy(stage => stage.Kind).ThenBy(stage => stage.Where, StringComparer.Ordinal).ToList();

    /// <summary>A label for a queue kind, as the report shows it.</summary>
    public static string Label(QueueKind kind) => kind switch
    {
        QueueKind.WifiStation => "Wi-Fi station queue",
        QueueKind.WifiAccessPoint => "Wi-Fi access point queue",
        QueueKind.Link => "link queue",
        QueueKind.LinkDelay => "link delay",
        QueueKind.TcpSendBuffer => "TCP send buffer",
        QueueKind.TcpUnsent => "TCP unsent data",
        QueueKind.TcpRetransmission => "TCP retransmission",
        _ => "processor",
    };

    private static string WorkLabel(NodeWorkKind kind) => kind switch
    {
        NodeWorkKind.PullPage => "pull page",
        NodeWorkKind.PushBatch => "push batch",
        NodeWorkKind.LiveFanOut => "live fan-out",
        NodeWorkKind.Health => "health",
        NodeWorkKind.ApplyChanges => "apply changes",
        _ => "push outbox",
    };
}
