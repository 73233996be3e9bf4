using Hospitality.Reports.Model;

namespace Hospitality.Reports.Tests.Runs;

public sealed class PeerSectionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_run_with_p2p_says_where_it_ran_and_where_it_was_unavailable_and_why()
    {
        var report = SampleRuns.GreengrassOutage() with
        {
            PeerToPeer = new PeerToPeerReport(
            [
                new PropertyPeerReport("seaside", 3, true, 6, 0, 1, 15_800_000, []) { VersionsSent = 1_240, DeltasSent = 1_100, DeltasMissed = 2 },
                new PropertyPeerReport("isolated", 3, false, 0, 12, 0, 684_000, [new PeerUnavailableReport("no direct path: the channel did not open within 10 s (client isolation or a firewall?)", 6, 21.6)]),
            ]),
        };
        var directory = _temp.Sub("run");

        ReportWriter.WriteRun(report, directory);

        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
        Assert.Contains("## Peer to peer", markdown, StringComparison.Ordinal);
        Assert.Contains("P2P ran on seaside: 3 devices opened 6 links (0 failed); 1 falls back to signaling without a server", markdown, StringComparison.Ordinal);
        Assert.Contains("; 1,240 versions sent to peers, 1,100 of them as deltas (2 missed their base and were pulled whole); device-to-device traffic", markdown, StringComparison.Ordinal);
        Assert.Contains("P2P was unavailable on isolated: none of its 3 devices opened a link (12 attempts failed), because no direct path", markdown, StringComparison.Ordinal);
        Assert.Contains("first given up on 21.6 s into the run; the servers carried all its traffic", markdown, StringComparison.Ordinal);
        Assert.Contains("id=\"peers\"", File.ReadAllText(Path.Combine(directory, "report.html")), StringComparison.Ordinal);
        Assert.Equal(report.PeerToPeer, RunReport.FromJson(report.ToJson()).PeerToPeer, PeerToPeerComparer.Instance);
    }

    [Fact]
    public void A_run_without_p2p_has_no_peer_section()
    {
        var directory = _temp.Sub("run");

        ReportWriter.WriteRun(SampleRuns.GreengrassOutage(), directory);

        Assert.DoesNotContain("Peer to peer", File.ReadAllText(Path.Combine(directory, "report.md")), StringComparison.Ordinal);
    }

    private sealed class PeerToPeerComparer : IEqualityComparer<PeerToPeerReport?>
    {
        public static PeerToPeerComparer Instance { get; } = new();

        public bool Equals(PeerToPeerReport? x, PeerToPeerReport? y) =>
            x is not null && y is not null && x.Properties.Count == y.Properties.Count
            && x.Properties.Zip(y.Properties).All(pair => pair.First with { Unavailable = [] } == pair.Second with { Unavailable = [] } && pair.First.Unavailable.SequenceEqual(pair.Second.Unavailable));

        public int GetHashCode(PeerToPeerReport? obj) => obj?.Properties.Count ?? 0;
    }
}
