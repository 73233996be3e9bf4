using System.Net;
using Hospitality.Sync.Tests.WebRtc.Sctp;
using Hospitality.Sync.WebRtc.Ice;

namespace Hospitality.Sync.Tests.WebRtc.Ice;

/// <summary>
/// Two ICE agents on a simulated UDP network with a manual clock: a datagram goes to whichever
/// agent owns its destination address, after a fixed latency, unless a test's filter drops it.
/// </summary>
internal sealed class IceLink
{
    public static readonly IPEndPoint AddressA = new(IPAddress.Parse("192.168.1.10"), 50000);
    public static readonly IPEndPoint AddressB = new(IPAddress.Parse("192.168.1.20"), 50001);

    private readonly List<(long At, long Order, IPEndPoint From, IPEndPoint To, byte[] Bytes)> _inTransit = [];
    private long _order;

    public IceLink(IceRole roleA = IceRole.Controlling, IceRole roleB = IceRole.Controlled, int seed = 1, IceAgentOptions? options = null)
    {
        var settings = options ?? new IceAgentOptions();
        CredentialsA = IceCredentials.Generate(new SeededRandom(seed));
        CredentialsB = IceCredentials.Generate(new SeededRandom(seed + 1000));
        A = new IceAgent(settings, CredentialsA, roleA, Clock, new SeededRandom(seed + 1), (bytes, from, to) => Carry(bytes, from, to));
        B = new IceAgent(settings, CredentialsB, roleB, Clock, new SeededRandom(seed + 2), (bytes, from, to) => Carry(bytes, from, to));
        HostA = A.AddLocalHost(AddressA);
        HostB = B.AddLocalHost(AddressB);
    }

    public ManualClock Clock { get; } = new();

    public IceAgent A { get; }

    public IceAgent B { get; }

    public IceCredentials CredentialsA { get; }

    public IceCredentials CredentialsB { get; }

    public IceCandidate HostA { get; }

    public IceCandidate HostB { get; }

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Return true to drop a datagram (from, to, bytes).</summary>
    public Func<IPEndPoint, IPEndPoint, byte[], bool>? Drop { get; set; }

    public List<(TimeSpan At, IPEndPoint From, IPEndPoint To, byte[] Bytes)> Sent { get; } = [];

    private long Start { get; } = new ManualClock().GetTimestamp();

    public TimeSpan Elapsed => TimeSpan.FromTicks(Clock.GetTimestamp() - Start);

    /// <summary>The usual exchange: each side learns the other's credentials and host candidate.</summary>
    public void Signal()
    {
        A.SetRemoteCredentials(CredentialsB);
        B.SetRemoteCredentials(CredentialsA);
        A.AddRemoteCandidate(HostB);
        B.AddRemoteCandidate(HostA);
    }

    public bool RunUntil(Func<bool> done, TimeSpan limit)
    {
        var end = Clock.GetTimestamp() + limit.Ticks;
        while (!done())
        {
            long? next = _inTransit.Count == 0 ? null : _inTransit.Min(p => p.At);
            foreach (var timer in new[] { A.NextTimerTimestamp, B.NextTimerTimestamp })
            {
                if (timer is { } t && (next is null || t < next))
                {
                    next = t;
                }
            }

            if (next is null || next > end)
            {
                Clock.AdvanceTo(Math.Max(end, Clock.GetTimestamp()));
                return done();
            }

            Clock.AdvanceTo(Math.Max(next.Value, Clock.GetTimestamp()));
            var now = Clock.GetTimestamp();
            var due = _inTransit.Where(p => p.At <= now).OrderBy(p => p.At).ThenBy(p => p.Order).ToList();
            _inTransit.RemoveAll(p => p.At <= now);
            foreach (var datagram in due)
            {
                (datagram.To.Equals(AddressA) ? A : B).HandleStun(datagram.Bytes, datagram.To, datagram.From);
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

        return true;
    }

    public void RunFor(TimeSpan duration) => RunUntil(() => false, duration);

    private void Carry(ReadOnlyMemory<byte> bytes, IPEndPoint from, IPEndPoint to)
    {
        var copy = bytes.ToArray();
        Sent.Add((Elapsed, from, to, copy));
        if (Drop?.Invoke(from, to, copy) == true || !(to.Equals(AddressA) || to.Equals(AddressB)))
        {
            return;
        }

        _inTransit.Add((Clock.GetTimestamp() + Latency.Ticks, _order++, from, to, copy));
    }
}
