using System.Globalization;
using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Discovery;

/// <summary>
/// Claims this host's name (<c>greengrass.local</c>) and its services, answers queries for them, and
/// defends them (RFC 6762 §6-§10): probes three times before using a name, renames on a conflict
/// (<c>greengrass-2.local</c>), announces twice, leaves out answers the asker already knows, sends a
/// record at most once a second, and says goodbye on a graceful stop.
/// </summary>
public sealed class MdnsResponder
{
    private const string LocalDomain = ".local";

    private readonly MulticastDns _owner;
    private readonly INetworkInterfaces _interfaces;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly MdnsOptions _options;
    private readonly List<ServiceAdvertisement> _services = [];
    private readonly Alarm _restart;
    private readonly long _origin;
    private readonly HashSet<string> _conflicts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<MdnsRecord> _pending = [];
    private readonly Dictionary<string, long> _lastMulticastTicks = new(StringComparer.OrdinalIgnoreCase);
    private bool _restartRequested;
    private bool _lostTieBreak;
    private bool _responseScheduled;
    private long _pendingSinceTicks;
    private int _renames;
    private CancellationToken _lifetime;
    private MdnsRecord[]? _owned;
    private IPAddress? _ownedAddress;

    internal MdnsResponder(MulticastDns owner, INetworkInterfaces interfaces, TimeProvider time, IRandomSource random, MdnsOptions options)
    {
        _owner = owner;
        _interfaces = interfaces;
        _time = time;
        _random = random;
        _options = options;
        _restart = new Alarm(time);
        _origin = time.GetTimestamp();
        BaseHostName = options.HostName;
        HostName = options.HostName + LocalDomain;
    }

    /// <summary>The name this host holds or is probing for, with <c>.local</c>; it changes after a lost conflict.</summary>
    public string HostName { get; private set; }

    public MdnsResponderState State { get; private set; }

    /// <summary>The services as advertised now (instance names may carry a conflict's suffix).</summary>
    public IReadOnlyList<ServiceAdvertisement> Services => _services;

    /// <summary>Raised when a probe round is won and the names are announced.</summary>
    public event Action<MdnsResponder>? Established;

    private string BaseHostName { get; set; }

    private long NowTicks => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>Adds a service; when already running, the names are probed again with it.</summary>
    public void Advertise(ServiceAdvertisement service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (System.Text.Encoding.UTF8.GetByteCount(service.Instance) > ServiceAdvertisement.InstanceBytesMax)
        {
            throw new ArgumentException($"instance '{service.Instance}' is longer than {ServiceAdvertisement.InstanceBytesMax} bytes", nameof(service));
        }

        _services.Add(service);
        _owned = null;
        RequestRestart();
    }

    internal Task Start(CancellationToken lifetime)
    {
        _lifetime = lifetime;
        State = MdnsResponderState.Idle;
        return RunAsync(lifetime);
    }

    internal void Stop() => State = MdnsResponderState.Stopped;

    internal void OnNetworkChanged()
    {
        _lastMulticastTicks.Clear();
        RequestRestart();
    }

    /// <summary>Every record with TTL zero, or null when nothing was announced yet.</summary>
    internal MdnsPacket? Goodbye() =>
        State is MdnsResponderState.Announcing or MdnsResponderState.Established && OwnedRecords() is { Count: > 0 } records
            ? MdnsPacket.Response([.. records.Select(record => record.WithTtl(TimeSpan.Zero))], [])
            : null;

    internal void OnPacket(MdnsPacket packet, IPAddress source)
    {
        if (State is MdnsResponderState.Idle or MdnsResponderState.Stopped or MdnsResponderState.GaveUp)
        {
            return;
        }

        var owned = OwnedRecords();
        if (packet.IsResponse)
        {
            OnResponse(packet, owned);
        }
        else if (State == MdnsResponderState.Probing)
        {
            OnQueryWhileProbing(packet, owned);
        }
        else
        {
            Answer(packet, owned);
        }
    }

    private void OnResponse(MdnsPacket packet, IReadOnlyList<MdnsRecord> owned)
    {
        foreach (var heard in packet.AllRecords)
        {
            var ours = UniqueRecordOfKey(owned, heard);
            if (ours is null)
            {
                DropAnswered(heard);
                continue;
            }

            if (ours.SameData(heard) || heard.IsGoodbye)
            {
                continue; // our own packet looped back, or a copy of our record
            }

            _owner.Stats.NameConflicts++;
            if (State == MdnsResponderState.Probing)
            {
                _conflicts.Add(heard.Name);
            }
            else
            {
                Defend(owned, heard.Name);
            }
        }
    }

    // Helpers rather than lambdas in OnResponse's loop: a lambda capturing the heard record made C# allocate
    // its closure for every record of every packet heard on the segment, most of which are nothing to us.
    private static MdnsRecord? UniqueRecordOfKey(IReadOnlyList<MdnsRecord> owned, MdnsRecord heard)
    {
        foreach (var record in owned)
        {
            if (record.CacheFlush && record.SameKey(heard))
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>§7.4: another responder already gave an answer we were about to give.</summary>
    private void DropAnswered(MdnsRecord heard)
    {
        if (_pending.Count > 0)
        {
            _pending.RemoveAll(pending => pending.SameAs(heard) && heard.Ttl.Ticks >= pending.Ttl.Ticks / 2);
        }
    }

    /// <summary>§9: defend the name at once; the other side must rename (it will if it probes).</summary>
    private void Defend(IReadOnlyList<MdnsRecord> owned, string name) =>
        _ = SendAsync([.. owned.Where(record => record.CacheFlush && record.Name.Equals(name, StringComparison.OrdinalIgnoreCase))], minimumGap: TimeSpan.FromSeconds(1));

    /// <summary>§8.2: two hosts probing one name at once; the lexicographically later data wins, equal data is ourselves.</summary>
    private void OnQueryWhileProbing(MdnsPacket packet, IReadOnlyList<MdnsRecord> owned)
    {
        // Loops before any sorting: every probing host hears every probe on its segment (a resort's start-up, 167 hosts
        // a segment: 200 MB of LINQ), and almost none names a record of ours. A name twice decides the same tie twice.
        for (var index = 0; index < packet.Authorities.Count; index++)
        {
            var name = packet.Authorities[index].Name;
            if (!Names(owned, name))
            {
                continue;
            }

            var ours = SortedData(owned, name);
            var theirs = SortedData(packet.Authorities, name);
            var comparison = CompareData(ours, theirs);
            if (comparison < 0)
            {
                _lostTieBreak = true;
            }
        }
    }

    private void Answer(MdnsPacket packet, IReadOnlyList<MdnsRecord> owned)
    {
        // Loops, not LINQ: every host runs this for every query heard on its segment, and most ask for nothing of ours.
        List<MdnsRecord>? answers = null;
        foreach (var record in owned)
        {
            if (AsksFor(packet, record) && !KnowsAnswer(packet, record))
            {
                (answers ??= []).Add(record);
            }
        }

        if (answers is null)
        {
            return;
        }

        if (packet.IsProbe)
        {
            // §8.1: a probe for a name we hold is answered at once, or the prober would take it.
            _ = SendAsync(answers, minimumGap: TimeSpan.FromMilliseconds(250));
            return;
        }

        if (_pending.Count == 0)
        {
            _pendingSinceTicks = NowTicks;
        }

        foreach (var answer in answers.Where(answer => !_pending.Any(answer.SameAs)))
        {
            _pending.Add(answer);
        }

        if (!_responseScheduled)
        {
            _responseScheduled = true;
            _ = SendPendingAsync();
        }
    }

    private static bool AsksFor(MdnsPacket query, MdnsRecord record)
    {
        foreach (var question in query.Questions)
        {
            if (question.Matches(record))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>§7.1: the asker listed the record as a known answer with at least half its TTL left.</summary>
    private static bool KnowsAnswer(MdnsPacket query, MdnsRecord record)
    {
        foreach (var known in query.Answers)
        {
            if (known.SameAs(record) && known.Ttl.Ticks >= record.Ttl.Ticks / 2)
            {
                return true;
            }
        }

        return false;
    }

    private async Task SendPendingAsync()
    {
        await _time.Delay(_options.DrawResponseDelay(_random), _lifetime);
        // §6: a record multicast less than a second before the query was asked for again by a host that missed it
        // (a multicast lost on Wi-Fi): it goes when its second is up, not never, or that host waits for its next
        // query, two seconds on. One multicast since the query arrived answered it already.
        if (SecondNotUp(_pending, _pendingSinceTicks) is { Ticks: > 0 } wait)
        {
            await _time.Delay(wait, _lifetime);
        }

        _responseScheduled = false;
        var answers = _pending.Where(record => !_lastMulticastTicks.TryGetValue(RateKey(record), out var last) || last < _pendingSinceTicks).ToList();
        _pending.Clear();
        if (State is MdnsResponderState.Announcing or MdnsResponderState.Established)
        {
            await SendAsync(answers, minimumGap: TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>How long until every answer multicast before <paramref name="askedTicks"/> may be multicast again.</summary>
    private TimeSpan SecondNotUp(List<MdnsRecord> answers, long askedTicks)
    {
        var now = NowTicks;
        var wait = 0L;
        foreach (var answer in answers)
        {
            if (_lastMulticastTicks.TryGetValue(RateKey(answer), out var last) && last < askedTicks)
            {
                wait = Math.Max(wait, last + TimeSpan.TicksPerSecond - now);
            }
        }

        return TimeSpan.FromTicks(wait);
    }

    /// <summary>Sends answers with the records that complete them (§12: SRV, TXT and address with a PTR), each record at most once per gap (§6).</summary>
    private async Task SendAsync(IReadOnlyList<MdnsRecord> answers, TimeSpan minimumGap)
    {
        var now = NowTicks;
        var due = answers.Where(record => !_lastMulticastTicks.TryGetValue(RateKey(record), out var last) || now - last >= minimumGap.Ticks).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var owned = OwnedRecords();
        var additionals = new List<MdnsRecord>();
        foreach (var answer in due)
        {
            var completing = answer.Kind switch
            {
                MdnsRecordKind.Ptr => owned.Where(record => record.Name.Equals(answer.Target, StringComparison.OrdinalIgnoreCase) || (record.Kind == MdnsRecordKind.A)),
                MdnsRecordKind.Srv => owned.Where(record => record.Kind == MdnsRecordKind.A),
                _ => [],
            };
            additionals.AddRange(completing.Where(record => !due.Any(record.SameAs) && !additionals.Any(record.SameAs)));
        }

        foreach (var record in due)
        {
            _lastMulticastTicks[RateKey(record)] = now;
        }

        await _owner.SendAsync(MdnsPacket.Response(due, additionals));
    }

    private async Task RunAsync(CancellationToken lifetime)
    {
        try
        {
            while (!lifetime.IsCancellationRequested && State != MdnsResponderState.Stopped)
            {
                _restartRequested = false;
                _restart.Clear();
                if (_interfaces.Current.Address is null)
                {
                    State = MdnsResponderState.Idle;
                    await _restart.WaitAsync(null, lifetime);
                    continue;
                }

                State = MdnsResponderState.Probing;
                if (!await ProbeAsync(lifetime))
                {
                    if (State == MdnsResponderState.GaveUp)
                    {
                        await _restart.WaitAsync(null, lifetime);
                        _renames = 0;
                    }

                    continue;
                }

                State = MdnsResponderState.Announcing;
                for (var announcement = 0; announcement < _options.AnnouncementCount && !_restartRequested; announcement++)
                {
                    _lastMulticastTicks.Clear();
                    await SendAsync(OwnedRecords(), minimumGap: TimeSpan.Zero);
                    if (announcement + 1 < _options.AnnouncementCount)
                    {
                        await _time.Delay(_options.AnnouncementInterval, lifetime);
                    }
                }

                if (_restartRequested)
                {
                    continue;
                }

                State = MdnsResponderState.Established;
                Established?.Invoke(this);
                await _restart.WaitAsync(null, lifetime);
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The host stopped or crashed: nothing more to say.
        }
    }

    /// <summary>One probe round; false when it must start again (a conflict renamed a name, a tie-break was lost, the network changed).</summary>
    private async Task<bool> ProbeAsync(CancellationToken lifetime)
    {
        _conflicts.Clear();
        _lostTieBreak = false;
        // §8.1: a random 0-250 ms first, so hosts powered on together do not probe in step.
        await _time.Delay(_options.ProbeInterval * _random.NextDouble(), lifetime);
        for (var probe = 0; probe <= _options.ProbeCount; probe++)
        {
            if (_restartRequested)
            {
                return false;
            }

            if (_conflicts.Count > 0)
            {
                Rename();
                return false;
            }

            if (_lostTieBreak)
            {
                // §8.2: the winner needs a moment to announce; then we probe again and find the conflict.
                await _time.Delay(TimeSpan.FromSeconds(1), lifetime);
                return false;
            }

            if (probe == _options.ProbeCount)
            {
                return true;
            }

            var owned = OwnedRecords();
            var uniqueNames = owned.Where(record => record.CacheFlush).Select(record => record.Name).Distinct(StringComparer.OrdinalIgnoreCase);
            await _owner.SendAsync(new MdnsPacket(false, [.. uniqueNames.Select(name => new MdnsQuestion(name, MdnsRecordKind.Any, UnicastResponse: probe == 0))], [])
            {
                Authorities = [.. owned.Where(record => record.CacheFlush)],
            });
            await _time.Delay(_options.ProbeInterval, lifetime);
        }

        return true;
    }

    private void Rename()
    {
        _renames++;
        if (_renames > _options.RenameAttemptsMax)
        {
            State = MdnsResponderState.GaveUp;
            _restartRequested = false;
            return;
        }

        var suffix = (_renames + 1).ToString(CultureInfo.InvariantCulture);
        if (_conflicts.Contains(HostName))
        {
            HostName = $"{BaseHostName}-{suffix}{LocalDomain}";
        }

        for (var index = 0; index < _services.Count; index++)
        {
            var service = _services[index];
            if (_conflicts.Contains(service.InstanceName))
            {
                _services[index] = service with { Instance = $"{service.Instance.Split(" (")[0]} ({suffix})" };
            }
        }

        _owned = null;
    }

    private void RequestRestart()
    {
        _restartRequested = true;
        _pending.Clear();
        _restart.Wake();
    }

    /// <summary>
    /// The records this host answers for: its address, and PTR, SRV and TXT of each service. Kept while
    /// the address stays the same and until a service is added or a rename changes the names: every
    /// packet heard on the segment asks for them, and building them anew (TXT strings included) was
    /// most of what a heard packet allocated.
    /// </summary>
    private IReadOnlyList<MdnsRecord> OwnedRecords()
    {
        var address = _interfaces.Current.Address;
        if (address is null)
        {
            return [];
        }

        if (_owned is null || !address.Equals(_ownedAddress))
        {
            var records = new List<MdnsRecord> { MdnsRecord.ForAddress(HostName, address, _options.HostRecordTtl) };
            foreach (var service in _services)
            {
                records.Add(MdnsRecord.ForPointer(service.ServiceType, service.InstanceName, _options.OtherRecordTtl));
                records.Add(MdnsRecord.ForService(service.InstanceName, HostName, service.Port, _options.HostRecordTtl));
                records.Add(MdnsRecord.ForText(service.InstanceName, service.TextStrings, _options.OtherRecordTtl));
            }

            (_owned, _ownedAddress) = (records.ToArray(), address);
        }

        return _owned;
    }

    private static string RateKey(MdnsRecord record) => $"{(int)record.Kind} {record.Name} {record.DataKey}";

    private static bool Names(IReadOnlyList<MdnsRecord> records, string name)
    {
        for (var index = 0; index < records.Count; index++)
        {
            if (records[index].Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> SortedData(IEnumerable<MdnsRecord> records, string name) =>
        [.. records.Where(record => record.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(record => $"{(int)record.Kind:D5} {record.DataKey}")
            .Order(StringComparer.Ordinal)];

    private static int CompareData(List<string> ours, List<string> theirs)
    {
        for (var index = 0; index < Math.Min(ours.Count, theirs.Count); index++)
        {
            var comparison = string.CompareOrdinal(ours[index], theirs[index]);
            if (comparison != 0)
            {
                return comparison;
            }
        }

        return ours.Count.CompareTo(theirs.Count);
    }
}
