using Hospitality.Sync.WebRtc.Sctp;

namespace Hospitality.Sync.Tests.WebRtc.Sctp;

/// <summary>
/// Two associations joined by a simulated wire on a manual clock: each packet takes a latency
/// plus seeded jitter (so packets reorder), and may be dropped by chance or by a test's filter.
/// <see cref="RunUntil"/> moves time from event to event, firing deliveries and timers in order.
/// </summary>
internal sealed class SctpLink
{
    private readonly Random _wire;
    private readonly List<(long At, long Order, bool ToB, byte[] Bytes)> _inTransit = [];
    private long _order;

    public SctpLink(int seed = 1, double lossRate = 0, TimeSpan? latency = null, TimeSpan? jitter = null, SctpAssociationOptions? options = null, SctpAssociationOptions? optionsB = null)
    {
        _wire = new Random(seed);
        LossRate = lossRate;
        Latency = latency ?? TimeSpan.FromMilliseconds(10);
        Jitter = jitter ?? TimeSpan.Zero;
        var settings = options ?? new SctpAssociationOptions();
        A = new SctpAssociation(settings, Clock, new SeededRandom(seed * 2), bytes => Carry(toB: true, bytes));
        B = new SctpAssociation(optionsB ?? settings, Clock, new SeededRandom((seed * 2) + 1), bytes => Carry(toB: false, bytes));
        A.MessageReceived += m => ReceivedByA.Add(m);
        B.MessageReceived += m => ReceivedByB.Add(m);
    }

    public ManualClock Clock { get; } = new();

    public SctpAssociation A { get; }

    public SctpAssociation B { get; }

    public List<SctpMessage> ReceivedByA { get; } = [];

    public List<SctpMessage> ReceivedByB { get; } = [];

    /// <summary>Every packet put on the wire, in order, decoded, with its direction and the time it was sent.</summary>
    public List<(TimeSpan At, bool ToB, SctpPacket Packet)> Sent { get; } = [];

    public double LossRate { get; set; }

    public TimeSpan Latency { get; }

    public TimeSpan Jitter { get; }

    /// <summary>Return true to drop a packet, whatever the loss rate says.</summary>
    public Func<bool, SctpPacket, bool>? Drop { get; set; }

    public long Dropped { get; private set; }

    public TimeSpan Elapsed => TimeSpan.FromTicks(Clock.GetTimestamp() - Start);

    private long Start { get; } = new ManualClock().GetTimestamp();

    /// <summary>Runs until the condition holds or the virtual time limit passes; returns whether it held.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan limit)
    {
        var end = Clock.GetTimestamp() + limit.Ticks;
        while (!done())
        {
            var next = Next();
            if (next is null || next > end)
            {
                return false;
            }

            Clock.AdvanceTo(Math.Max(next.Value, Clock.GetTimestamp()));
            Step();
        }

        return true;
    }

    /// <summary>Lets everything in flight land and every timer fire, up to the limit.</summary>
    public void RunFor(TimeSpan duration) => RunUntil(() => false, duration);

    private long? Next()
    {
        long? next = _inTransit.Count == 0 ? null : _inTransit.Min(p => p.At);
        foreach (var timer in new[] { A.NextTimerTimestamp, B.NextTimerTimestamp })
        {
            if (timer is { } t && (next is null || t < next))
            {
                next = t;
            }
        }

        return next;
    }

    private void Step()
    {
        var now = Clock.GetTimestamp();
        var due = _inTransit.Where(p => p.At <= now).OrderBy(p => p.At).ThenBy(p => p.Order).ToList();
        _inTransit.RemoveAll(p => p.At <= now);
        foreach (var packet in due)
        {
            (packet.ToB ? B : A).HandlePacket(packet.Bytes);
        }

        if (A.NextTimerTimestamp <= now)
        {
            A.HandleTimers();
        }

        if (B.NextTimerTimestamp <= now)
        {
            B.HandleTimers();
        }
    }

    private void Carry(bool toB, byte[] bytes)
    {
        var packet = SctpPacket.Decode(bytes);
        Assert.True(bytes.Length <= 1200, $"a packet of {bytes.Length} bytes exceeds the 1,200-byte limit");
        Sent.Add((Elapsed, toB, packet));
        if (Drop?.Invoke(toB, packet) == true || _wire.NextDouble() < LossRate)
        {
            Dropped++;
            return;
        }

        var delay = Latency + TimeSpan.FromTicks((long)(_wire.NextDouble() * Jitter.Ticks));
        _inTransit.Add((Clock.GetTimestamp() + delay.Ticks, _order++, toB, bytes));
    }
}
