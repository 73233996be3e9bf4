using System.Diagnostics;
using System.Globalization;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Cli.Disk;

/// <summary>
/// Times one-document commits of the engine's own file store (WAL, synchronous=FULL) in a folder, at a
/// steady pace, while other work runs: how long a node's commit waits for that disk then. The commit's
/// own processor time is in the figure too (0.17 ms at the median on tmpfs here, where fsync is free).
/// </summary>
internal sealed class DiskProbe
{
    /// <summary>At most this many commits are kept: an hour at the default pace.</summary>
    public const int SamplesMax = 20_000;

    private const string FileName = "disk-probe.db";

    // The first commits wait for the JIT and SQLite's first page reads, not for the disk.
    private const int WarmUpCommits = 5;

    private readonly List<double> _milliseconds = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _probing;
    private readonly string _path;

    private DiskProbe(string folder, TimeSpan every)
    {
        _path = Path.Combine(folder, FileName);
        _probing = Task.Run(() => ProbeAsync(every, _stop.Token));
    }

    /// <summary>Starts committing into a store of its own in <paramref name="folder"/> every <paramref name="every"/>.</summary>
    public static DiskProbe Start(string folder, TimeSpan every) => new(folder, every);

    /// <summary>Stops, and describes the commits timed as a scenario's disk (null when fewer than two were), with each commit's time in ms, in the order made.</summary>
    public async Task<(DiskProfile? Disk, IReadOnlyList<double> Commits)> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _probing;
        }
        finally
        {
            _stop.Dispose();
        }

        var sorted = _milliseconds.Order().ToArray();
        return (sorted.Length < 2 ? null : Profile(sorted), _milliseconds);
    }

    /// <summary>
    /// The quantiles a scenario's <c>disk:</c> takes, from sorted commit times; each tail quantile once a commit
    /// lies beyond it. The tail is given finely because a disk's rare stalls are a few commits between p99 and
    /// the maximum: one straight line from p99's 2 ms to p99.9's 70 ms would draw a stall for most of that 0.9 %.
    /// </summary>
    public static DiskProfile Profile(IReadOnlyList<double> sorted)
    {
        double At(double quantile) => sorted[Math.Min(sorted.Count - 1, (int)(quantile * sorted.Count))];
        var points = new List<(double Quantile, TimeSpan Fsync)> { (0, Milliseconds(sorted[0])) };
        foreach (var quantile in DiskProfile.TailQuantiles)
        {
            if (quantile <= 0.99 || sorted.Count * (1 - quantile) >= 1)
            {
                points.Add((quantile, Milliseconds(At(quantile))));
            }
        }

        points.Add((1, Milliseconds(sorted[^1])));
        return new DiskProfile(points);
    }

    /// <summary>A profile as a scenario writes it, ready to paste.</summary>
    public static string AsYaml(DiskProfile disk) =>
        "disk:\n  fsync: { " + string.Join(", ", disk.Points.Select(point => string.Create(CultureInfo.InvariantCulture, $"{DiskProfile.KeyOf(point.Quantile)}: {point.Fsync.TotalMilliseconds:0.###}ms"))) + " }";

    // Whole microseconds, so the profile prints exactly as it was measured.
    private static TimeSpan Milliseconds(double value) => TimeSpan.FromMicroseconds(Math.Min(DiskProfile.FsyncMax.TotalMicroseconds, Math.Round(value * 1000)));

    private async Task ProbeAsync(TimeSpan every, CancellationToken stop)
    {
        try
        {
            using var store = SqliteDocumentStore.OpenFile(_path);
            for (var n = 0; !stop.IsCancellationRequested && _milliseconds.Count < SamplesMax; n++)
            {
                // A body of a hotel document's size, over a few hundred rows, as a node's store rewrites its documents.
                var document = new Document("probe", $"p{n % 500}", $"{{\"n\":{n},\"pad\":\"{new string('x', 600)}\"}}", new HlcTimestamp(n + 1, 0, "probe"), false, "probe");
                var timer = Stopwatch.StartNew();
                store.Put(document, queueForUpstream: false);
                if (n >= WarmUpCommits)
                {
                    _milliseconds.Add(timer.Elapsed.TotalMilliseconds);
                }

                await Task.Delay(every, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
