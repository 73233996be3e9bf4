using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Discovery;

/// <summary>
/// Browses DNS-SD service types and resolves <c>.local</c> names (RFC 6762 §5, RFC 6763): continuous
/// queries 1 s apart doubling to an hour, each listing the answers it already holds (known-answer
/// suppression, §7.1), refresh queries at 80-95 % of a record's TTL, and a cache that forgets a record
/// when its TTL runs out or its owner says goodbye. A service's address must come from the same
/// responder as its SRV record, so a rogue host that claims the same name cannot redirect it.
/// </summary>
public sealed class MdnsQuerier
{
    /// <summary>Known answers listed in one query at most, so that a query stays one packet.</summary>
    public const int KnownAnswersMax = 32;

    private readonly MulticastDns _owner;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly MdnsOptions _options;
    private readonly MdnsCache _cache;
    private readonly Alarm _alarm;
    private readonly long _origin;
    private readonly List<ContinuousQuery> _browses = [];
    private readonly List<Resolution> _resolutions = [];
    private readonly List<DiscoveredService> _services = [];
    private readonly List<ServiceInUse> _inUse = [];
    private long _recomputedCacheVersion = -1;
    private int _recomputedBrowses = -1;
    private int _inUseVersion;
    private int _recomputedInUse = -1;

    internal MdnsQuerier(MulticastDns owner, TimeProvider time, IRandomSource random, MdnsOptions options)
    {
        _owner = owner;
        _time = time;
        _random = random;
        _options = options;
        _cache = new MdnsCache(options.CacheCapacity, random);
        _alarm = new Alarm(time);
        _origin = time.GetTimestamp();
    }

    /// <summary>Every service of the browsed types resolved now, in the order they were found.</summary>
    public IReadOnlyList<DiscoveredService> Services => _services;

    public event Action<DiscoveredService>? ServiceFound;

    /// <summary>A service expired, said goodbye, or moved (then <see cref="ServiceFound"/> follows with its new endpoint).</summary>
    public event Action<DiscoveredService>? ServiceLost;

    public int CachedRecords => _cache.Count;

    private long NowTicks => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>Starts a continuous query for <paramref name="serviceType"/> (e.g. <see cref="HospitalityServices.SyncServiceType"/>).</summary>
    public void Browse(string serviceType)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceType);
        if (_browses.Any(browse => browse.ServiceType.Equals(serviceType, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        // §5.2: the first query waits 20-120 ms, so hosts starting together do not query in step.
        _browses.Add(new ContinuousQuery(serviceType, NowTicks + _options.DrawResponseDelay(_random).Ticks, _options.QueryIntervalFirst));
        _alarm.Wake();
    }

    /// <summary>The address a <c>.local</c> name has in the cache now, or null.</summary>
    public IPAddress? Lookup(string hostName) =>
        _cache.Find(hostName.TrimEnd('.'), MdnsRecordKind.A).LastOrDefault()?.Record.Address;

    /// <summary>Resolves a <c>.local</c> name by asking the segment, within <paramref name="timeout"/>.</summary>
    /// <exception cref="NetworkConnectionException">No host answered for the name in time.</exception>
    public async Task<IPAddress> ResolveAsync(string hostName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var name = hostName.TrimEnd('.');
        if (Lookup(name) is { } cached)
        {
            return cached;
        }

        var resolution = new Resolution(name, NowTicks, _options.QueryIntervalFirst);
        _resolutions.Add(resolution);
        _alarm.Wake();
        using var limit = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        using var registration = linked.Token.Register(() => resolution.Answered.TrySetCanceled(linked.Token));
        try
        {
            return await resolution.Answered.Task;
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NetworkConnectionException(ConnectionFailure.Unreachable, $"no host on this segment answered for {name} within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            _resolutions.Remove(resolution);
        }
    }

    /// <summary>
    /// A client connected to <paramref name="service"/> (it answered): until <see cref="Disconnected"/> its
    /// records are not refreshed, and their expiry does not lose it (RFC 6762 §5.2). An idle device connected
    /// to its Greengrass otherwise asked for its SRV and address every 96 s, and every device heard it all.
    /// </summary>
    public void Connected(DiscoveredService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (InUse(service) is { } held)
        {
            if (!held.Connected)
            {
                held.Connected = true;
                _inUseVersion++;
            }

            return;
        }

        if (_services.Any(known => known.Equivalent(service)))
        {
            _inUse.Add(new ServiceInUse(service));
            _inUseVersion++;
        }
    }

    /// <summary>
    /// The client's connection to <paramref name="service"/> failed or ended: records that lapsed meanwhile are
    /// asked for again, and the service is lost if nobody answers (RFC 6762 §10.4); cached ones are refreshed as usual.
    /// </summary>
    public void Disconnected(DiscoveredService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (InUse(service) is not { Connected: true } held)
        {
            return;
        }

        _inUseVersion++;
        if (Resolves(held))
        {
            _inUse.Remove(held);
            _alarm.Wake();
            return;
        }

        var now = NowTicks;
        held.Connected = false;
        held.ReconfirmQueriesSent = 0;
        held.NextReconfirmTicks = now;
        held.GiveUpTicks = now + _options.ReconfirmWait.Ticks;
        _alarm.Wake();
    }

    private ServiceInUse? InUse(DiscoveredService service)
    {
        foreach (var held in _inUse)
        {
            if (held.Service.Equivalent(service))
            {
                return held;
            }
        }

        return null;
    }

    /// <summary>Whether the cache alone resolves the service as it was when in use.</summary>
    private bool Resolves(ServiceInUse held) =>
        Resolve(held.Service.ServiceType, held.Service.InstanceName) is { } service && service.Equivalent(held.Service);

    /// <summary>Whether a connected client vouches for the record, so that it needs no refresh.</summary>
    private bool VouchedFor(MdnsRecord record)
    {
        foreach (var held in _inUse)
        {
            if (held.Connected && held.Holds(record))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Ends reconfirmations that were answered or timed out; returns whether any ended.</summary>
    private bool EndReconfirmations(long now)
    {
        var ended = _inUse.RemoveAll(held => !held.Connected && (held.GiveUpTicks <= now || Resolves(held)));
        _inUseVersion += ended;
        return ended > 0;
    }

    internal Task Start(CancellationToken lifetime) => MaintainAsync(lifetime);

    /// <summary>Takes a packet heard on the segment; <paramref name="fromSelf"/> is our own query, looped back by the host's multicast, never a duplicate of itself.</summary>
    internal void OnPacket(MdnsPacket packet, IPAddress source, bool fromSelf = false)
    {
        if (!packet.IsResponse)
        {
            if (!fromSelf)
            {
                SuppressDuplicates(packet);
            }

            return;
        }

        var now = NowTicks;
        if (_inUse.Count > 0)
        {
            EndHoldsSaidGoodbye(packet);
        }

        var wanted = new List<MdnsRecord>();
        AddWanted(packet.Answers, packet, wanted);
        AddWanted(packet.Additionals, packet, wanted);
        _cache.Add(wanted, source, now);
        if (_resolutions.Count > 0)
        {
            // A copy: an answered resolution may finish (and leave the list) before the loop ends.
            foreach (var resolution in _resolutions.ToList())
            {
                if (Lookup(resolution.Name) is { } address)
                {
                    resolution.Answered.TrySetResult(address);
                }
            }
        }

        Recompute();
        _alarm.Wake();
    }

    /// <summary>A goodbye for a service in use ends the hold: its owner says it is gone, whatever the client's connection says.</summary>
    private void EndHoldsSaidGoodbye(MdnsPacket packet)
    {
        foreach (var record in packet.Answers)
        {
            if (record.IsGoodbye)
            {
                _inUseVersion += _inUse.RemoveAll(held => held.Holds(record));
            }
        }
    }

    internal void OnNetworkChanged()
    {
        // §10.3: connections over the old link do not vouch for anything on the new one.
        _inUse.Clear();
        _inUseVersion++;
        _cache.Clear();
        var now = NowTicks;
        foreach (var browse in _browses)
        {
            browse.Interval = _options.QueryIntervalFirst;
            browse.NextQueryTicks = now;
        }

        Recompute();
        _alarm.Wake();
    }

    /// <summary>
    /// RFC 6762 §7.3: another host asked, as a multicast question, what we were about to ask, listing no
    /// known answer we would not list; its query counts as ours. Without it each device of a 167-device
    /// segment sent every browse and refresh query itself, and every device heard them all: most of a
    /// device's mDNS packets.
    /// </summary>
    private void SuppressDuplicates(MdnsPacket query)
    {
        var now = NowTicks;
        foreach (var question in query.Questions)
        {
            if (question.UnicastResponse || !ListsNoOtherKnownAnswer(query, question, now))
            {
                continue;
            }

            foreach (var browse in _browses)
            {
                // Due within a quarter of the gap that follows it: the hosts that boot together stay in step, one
                // of them asks for all, and the rest wait a response delay longer so that it stays the first.
                if (question.Kind == MdnsRecordKind.Ptr && browse.ServiceType.Equals(question.Name, StringComparison.OrdinalIgnoreCase)
                    && browse.NextQueryTicks - now <= browse.Interval.Ticks / 4)
                {
                    browse.Asked(now, _options.QueryIntervalMax);
                    browse.NextQueryTicks += _options.DrawResponseDelay(_random).Ticks;
                }
            }

            foreach (var entry in _cache.Entries)
            {
                if (question.Matches(entry.Record))
                {
                    entry.RefreshAsked(now);
                }
            }

            foreach (var held in _inUse)
            {
                if (!held.Connected && held.ReconfirmQueriesSent < _options.ReconfirmQueries && held.NextReconfirmTicks <= now && held.AskedBy(question))
                {
                    held.ReconfirmQueriesSent++;
                    held.NextReconfirmTicks = now + _options.ReconfirmInterval.Ticks;
                }
            }
        }
    }

    // Loops rather than LINQ here and below: every host runs them for every packet heard on its segment.
    private bool ListsNoOtherKnownAnswer(MdnsPacket query, MdnsQuestion question, long now)
    {
        foreach (var known in query.Answers)
        {
            if (question.Matches(known) && !HoldsAsKnownAnswer(known, now))
            {
                return false;
            }
        }

        return true;
    }

    private bool HoldsAsKnownAnswer(MdnsRecord known, long now)
    {
        foreach (var entry in _cache.Entries)
        {
            if (entry.Record.SameAs(known) && entry.IsKnownAnswer(now))
            {
                return true;
            }
        }

        return false;
    }

    private async Task MaintainAsync(CancellationToken lifetime)
    {
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                var now = NowTicks;
                var expired = _cache.Expire(now);
                if (EndReconfirmations(now) || expired)
                {
                    Recompute();
                }

                if (Due(now) is { Count: > 0 } questions)
                {
                    await _owner.SendAsync(MdnsPacket.Query(questions, KnownAnswers(questions, now)));
                }

                var next = NextDeadline();
                await _alarm.WaitAsync(next is { } due ? TimeSpan.FromTicks(due - NowTicks) : null, lifetime);
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
        }
    }

    /// <summary>The questions due now: browses, resolutions, and refreshes of records a browse depends on.</summary>
    private List<MdnsQuestion> Due(long now)
    {
        var questions = new List<MdnsQuestion>();
        foreach (var browse in _browses)
        {
            if (browse.NextQueryTicks > now)
            {
                continue;
            }

            questions.Add(new MdnsQuestion(browse.ServiceType, MdnsRecordKind.Ptr));
            browse.Asked(now, _options.QueryIntervalMax);
        }

        foreach (var resolution in _resolutions)
        {
            if (resolution.NextQueryTicks > now)
            {
                continue;
            }

            questions.Add(new MdnsQuestion(resolution.Name, MdnsRecordKind.A));
            resolution.NextQueryTicks = now + resolution.Interval.Ticks;
            resolution.Interval *= 2;
        }

        foreach (var held in _inUse)
        {
            if (held.Connected || held.ReconfirmQueriesSent >= _options.ReconfirmQueries || held.NextReconfirmTicks > now)
            {
                continue;
            }

            AddQuestion(questions, new MdnsQuestion(held.Service.InstanceName, MdnsRecordKind.Srv));
            AddQuestion(questions, new MdnsQuestion(held.Service.HostName, MdnsRecordKind.A));
            held.ReconfirmQueriesSent++;
            held.NextReconfirmTicks = now + _options.ReconfirmInterval.Ticks;
        }

        var refreshing = false;
        foreach (var entry in _cache.Entries)
        {
            if (entry.NextRefreshTicks is not { } refresh || refresh > now || !IsWatched(entry.Record) || VouchedFor(entry.Record))
            {
                continue;
            }

            entry.RefreshSent();
            AddQuestion(questions, new MdnsQuestion(entry.Record.Name, entry.Record.Kind));
            refreshing = true;
        }

        if (refreshing)
        {
            // §5.3: records whose refresh window has opened go in the same query, not in one of their own a moment
            // later. A service's SRV and address arrive together, and each alone drew its own answer: two queries
            // and two answers every 96 s where one of each renews both.
            foreach (var entry in _cache.Entries)
            {
                if (entry.RefreshWindowOpen(now) && IsWatched(entry.Record) && !VouchedFor(entry.Record))
                {
                    entry.RefreshSent();
                    AddQuestion(questions, new MdnsQuestion(entry.Record.Name, entry.Record.Kind));
                }
            }
        }

        return questions;
    }

    private static void AddQuestion(List<MdnsQuestion> questions, MdnsQuestion question)
    {
        if (!questions.Contains(question))
        {
            questions.Add(question);
        }
    }

    private List<MdnsRecord> KnownAnswers(List<MdnsQuestion> questions, long now) =>
        [.. _cache.Entries
            .Where(entry => entry.IsKnownAnswer(now) && questions.Any(question => question.Matches(entry.Record)))
            .Take(KnownAnswersMax)
            .Select(entry => entry.Record.WithTtl(entry.Remaining(now)))];

    private long? NextDeadline()
    {
        long? earliest = _cache.NextExpiryTicks;
        foreach (var browse in _browses)
        {
            earliest = Earlier(earliest, browse.NextQueryTicks);
        }

        foreach (var resolution in _resolutions)
        {
            earliest = Earlier(earliest, resolution.NextQueryTicks);
        }

        foreach (var entry in _cache.Entries)
        {
            if (entry.NextRefreshTicks is { } refresh && IsWatched(entry.Record) && !VouchedFor(entry.Record))
            {
                earliest = Earlier(earliest, refresh);
            }
        }

        foreach (var held in _inUse)
        {
            if (!held.Connected)
            {
                earliest = Earlier(earliest, held.GiveUpTicks);
                if (held.ReconfirmQueriesSent < _options.ReconfirmQueries)
                {
                    earliest = Earlier(earliest, held.NextReconfirmTicks);
                }
            }
        }

        return earliest;
    }

    private static long Earlier(long? earliest, long ticks) => earliest is { } soonest && soonest <= ticks ? soonest : ticks;

    /// <summary>
    /// Whether to cache the record: one a browse or a resolution depends on. Caching every record heard
    /// let a segment of 167 devices, each advertising itself, push the Greengrass out of a full cache.
    /// </summary>
    private bool IsWanted(MdnsRecord record, MdnsPacket packet)
    {
        if (IsWatched(record))
        {
            return true;
        }

        if (record.Kind != MdnsRecordKind.A)
        {
            return false;
        }

        foreach (var resolution in _resolutions)
        {
            if (resolution.Name.Equals(record.Name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return AnyWatchedTarget(packet.Answers, record.Name) || AnyWatchedTarget(packet.Additionals, record.Name) || CachesWatchedTarget(record.Name);
    }

    private void AddWanted(IReadOnlyList<MdnsRecord> records, MdnsPacket packet, List<MdnsRecord> wanted)
    {
        foreach (var record in records)
        {
            if (IsWanted(record, packet))
            {
                wanted.Add(record);
            }
        }
    }

    private bool AnyWatchedTarget(IReadOnlyList<MdnsRecord> services, string hostName)
    {
        foreach (var service in services)
        {
            if (IsWatchedTarget(service, hostName))
            {
                return true;
            }
        }

        return false;
    }

    private bool CachesWatchedTarget(string hostName)
    {
        foreach (var entry in _cache.Entries)
        {
            if (IsWatchedTarget(entry.Record, hostName))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsWatchedTarget(MdnsRecord service, string hostName) =>
        service.Kind == MdnsRecordKind.Srv && hostName.Equals(service.Target, StringComparison.OrdinalIgnoreCase) && IsWatched(service);

    /// <summary>Whether a browse depends on the record: a PTR of a browsed type, an instance's SRV or TXT, the address of an SRV's target.</summary>
    private bool IsWatched(MdnsRecord record)
    {
        switch (record.Kind)
        {
            case MdnsRecordKind.Ptr:
                foreach (var browse in _browses)
                {
                    if (browse.ServiceType.Equals(record.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            case MdnsRecordKind.Srv or MdnsRecordKind.Txt:
                foreach (var browse in _browses)
                {
                    if (record.Name.EndsWith(browse.InstanceSuffix, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            case MdnsRecordKind.A:
                foreach (var service in _services)
                {
                    if (service.HostName.Equals(record.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Brings <see cref="Services"/> up to date with the cache. What it finds depends only on the cached
    /// records and the browses, so when neither changed since the last time there is nothing to do: most
    /// packets a host hears renew records it already holds.
    /// </summary>
    private void Recompute()
    {
        if (_cache.Version == _recomputedCacheVersion && _browses.Count == _recomputedBrowses && _inUseVersion == _recomputedInUse)
        {
            return;
        }

        (_recomputedCacheVersion, _recomputedBrowses, _recomputedInUse) = (_cache.Version, _browses.Count, _inUseVersion);
        var now = new List<DiscoveredService>();
        foreach (var browse in _browses)
        {
            foreach (var pointer in _cache.Find(browse.ServiceType, MdnsRecordKind.Ptr))
            {
                if (Resolve(browse.ServiceType, pointer.Record.Target!) is { } service && !now.Any(found => found.InstanceName.Equals(service.InstanceName, StringComparison.OrdinalIgnoreCase)))
                {
                    now.Add(service);
                }
            }
        }

        // A service in use stays while its records lapse, unless the same instance now resolves otherwise (it moved).
        foreach (var gone in _services.Where(old => !now.Any(service => service.Equivalent(old))
            && (InUse(old) is null || now.Any(service => service.InstanceName.Equals(old.InstanceName, StringComparison.OrdinalIgnoreCase)))).ToList())
        {
            _services.Remove(gone);
            _inUse.RemoveAll(held => held.Service.Equivalent(gone));
            ServiceLost?.Invoke(gone);
        }

        foreach (var found in now.Where(service => !_services.Any(old => old.Equivalent(service))))
        {
            _services.Add(found);
            ServiceFound?.Invoke(found);
        }
    }

    private DiscoveredService? Resolve(string serviceType, string instanceName)
    {
        if (_cache.Find(instanceName, MdnsRecordKind.Srv).LastOrDefault() is not { } service)
        {
            return null;
        }

        var target = service.Record.Target!;
        var text = _cache.From(instanceName, MdnsRecordKind.Txt, service.Source).LastOrDefault();
        var address = _cache.From(target, MdnsRecordKind.A, service.Source).LastOrDefault();
        if (text is null || address is null)
        {
            return null;
        }

        return new DiscoveredService(instanceName, serviceType, target, new IPEndPoint(address.Record.Address!, service.Record.Port), TextPairs(text.Record.Text));
    }

    /// <summary>RFC 6763 §6.4: keys are case-insensitive and the first occurrence wins; a string without '=' is a key with no value.</summary>
    private static Dictionary<string, string> TextPairs(IReadOnlyList<string> strings)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in strings)
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? text : text[..equals];
            if (key.Length > 0)
            {
                pairs.TryAdd(key, equals < 0 ? "" : text[(equals + 1)..]);
            }
        }

        return pairs;
    }

    private sealed class ContinuousQuery(string serviceType, long nextQueryTicks, TimeSpan interval)
    {
        public string ServiceType { get; } = serviceType;

        /// <summary>What a service instance's name of this type ends with.</summary>
        public string InstanceSuffix { get; } = "." + serviceType;

        public long NextQueryTicks { get; set; } = nextQueryTicks;

        public TimeSpan Interval { get; set; } = interval;

        /// <summary>The question went out now (ours or another host's): the next one after the gap, which doubles up to <paramref name="maximum"/>.</summary>
        public void Asked(long nowTicks, TimeSpan maximum)
        {
            NextQueryTicks = nowTicks + Interval.Ticks;
            Interval = TimeSpan.FromTicks(Math.Min(Interval.Ticks * 2, maximum.Ticks));
        }
    }

    private sealed class Resolution(string name, long nextQueryTicks, TimeSpan interval)
    {
        public string Name { get; } = name;

        public long NextQueryTicks { get; set; } = nextQueryTicks;

        public TimeSpan Interval { get; set; } = interval;

        public TaskCompletionSource<IPAddress> Answered { get; } = new();
    }
}
