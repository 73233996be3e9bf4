using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Discovery;

/// <summary>
/// Records heard on the segment, each until its TTL runs out (RFC 6762 §10): goodbyes end a record
/// in one second, a cache-flush record ends older records of its name and type, and the capacity
/// bounds what a flood of names can make us hold. Entries keep insertion order, so every walk over
/// them is deterministic.
/// </summary>
internal sealed class MdnsCache(int capacity, IRandomSource random)
{
    private readonly List<CachedRecord> _entries = [];

    public int Count => _entries.Count;

    public IReadOnlyList<CachedRecord> Entries => _entries;

    /// <summary>
    /// Bumped whenever what <see cref="Find"/> and <see cref="From"/> can return changes (an entry added,
    /// dropped, or renewed with another source or name spelling), so a reader can tell nothing did.
    /// </summary>
    public long Version { get; private set; }

    /// <summary>Caches the records of one response.</summary>
    public void Add(List<MdnsRecord> arrived, IPAddress source, long nowTicks)
    {
        foreach (var record in arrived)
        {
            if (!record.CacheFlush || record.IsGoodbye)
            {
                continue;
            }

            // §10.2: records of a unique name and type cached more than a second ago and not in this packet are stale.
            foreach (var entry in _entries)
            {
                if (entry.Record.SameKey(record) && nowTicks - entry.ReceivedTicks > TimeSpan.TicksPerSecond && !Holds(arrived, entry.Record))
                {
                    entry.ExpireSoon(nowTicks);
                }
            }
        }

        foreach (var record in arrived)
        {
            var existing = FirstSameAs(record);
            if (record.IsGoodbye)
            {
                existing?.ExpireSoon(nowTicks);
                continue;
            }

            if (existing is not null)
            {
                if (!existing.Source.Equals(source) || !string.Equals(existing.Record.Name, record.Name, StringComparison.Ordinal) || !string.Equals(existing.Record.Target, record.Target, StringComparison.Ordinal))
                {
                    Version++;
                }

                existing.Renew(record, source, nowTicks, RefreshJitter());
                continue;
            }

            if (_entries.Count >= capacity)
            {
                // The record closest to its end goes first: it would be the first to expire anyway.
                _entries.Remove(_entries.MinBy(entry => entry.ExpiresTicks)!);
            }

            _entries.Add(new CachedRecord(record, source, nowTicks, RefreshJitter()));
            Version++;
        }
    }

    private static bool Holds(List<MdnsRecord> records, MdnsRecord record)
    {
        foreach (var candidate in records)
        {
            if (record.SameAs(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private CachedRecord? FirstSameAs(MdnsRecord record)
    {
        foreach (var entry in _entries)
        {
            if (entry.Record.SameAs(record))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>
    /// §5.2's random 0-2 % added to each refresh point: without it every device that heard the same
    /// answer asks again at the same instant, and a segment of 167 devices sent 167 queries where one
    /// answer, heard by all, renews every cache.
    /// </summary>
    private double RefreshJitter() => random.NextDouble() * 0.02;

    /// <summary>Drops expired records; returns whether any went.</summary>
    public bool Expire(long nowTicks)
    {
        if (_entries.RemoveAll(entry => entry.ExpiresTicks <= nowTicks) == 0)
        {
            return false;
        }

        Version++;
        return true;
    }

    public void Clear()
    {
        _entries.Clear();
        Version++;
    }

    public IEnumerable<CachedRecord> Find(string name, MdnsRecordKind kind) =>
        _entries.Where(entry => entry.Record.Kind == kind && entry.Record.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<CachedRecord> From(string name, MdnsRecordKind kind, IPAddress source) =>
        Find(name, kind).Where(entry => entry.Source.Equals(source));

    public long? NextExpiryTicks
    {
        get
        {
            long? earliest = null;
            foreach (var entry in _entries)
            {
                earliest = earliest is { } soonest && soonest <= entry.ExpiresTicks ? soonest : entry.ExpiresTicks;
            }

            return earliest;
        }
    }
}
