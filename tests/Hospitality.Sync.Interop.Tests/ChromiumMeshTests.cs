using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Hosting.RunLoop;
using Hospitality.Sync.Hosting.Signaling;
using Hospitality.Sync.Hosting.WebRtc;
using Hospitality.Sync.Interop.Tests.Mesh;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.Storage;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// Real browsers in a property's P2P mesh: our signaling server on Kestrel (loopback), our device
/// (<see cref="WebRtcPeer"/> and <see cref="PeerReplication"/> over a replica in a SQLite file, on
/// its run loop, real UDP and BouncyCastle's DTLS) and headless Chromium pages running
/// js/mesh-client.js, which join over the browser's own WebSocket, link with the browser's own
/// RTCPeerConnection and speak our replication protocol on the data channel. Speed is reported,
/// never asserted (this machine is shared).
/// </summary>
public sealed class ChromiumMeshTests(ITestOutputHelper output) : IClassFixture<NodeMissingNotice>
{
    private const string PropertyA = "hotel-a";
    private const string PropertyB = "hotel-b";

    // Ordinal order decides who offers (the larger id): we offer to tablet-a1, tablet-a3 offers to us and to tablet-a1.
    private const string Ours = "tablet-a2";
    private const string PageA1 = "tablet-a1";
    private const string PageA3 = "tablet-a3";
    private const string PageB1 = "tablet-b1";

    // Joins late, after writing while away; the largest id, so it offers to everyone.
    private const string PageA4 = "tablet-a4";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Chromium_pages_and_our_peer_form_a_property_mesh_documents_cross_it_both_ways_and_another_property_s_page_sees_none()
    {
        NodeRuntime.SkipTestIfMissing();
        output.WriteLine($"Chromium: {JsPeers.ChromiumPath}");
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("hsim-mesh-");
        var (app, signaling) = await StartSignalingAsync();
        await using var served = app;
        var server = ServerEndPoint(app);

        using var loop = new NodeRunLoop(Ours);
        var device = await loop.InvokeAsync(() => OurDevice.StartAsync(loop, Path.Combine(folder.FullName, $"{Ours}.db"), PropertyA, Ours, server));
        var pages = ChromiumMeshProcess.Start();
        try
        {
            // Written before anyone joined: the pages get it by pulling our change feed when their link opens.
            var before = await loop.InvokeAsync(() => device.Replica.Write("rooms", "r-100", Room("r-100", "dirty")).Document.Stamp.ToString());

            var uri = new Uri($"ws://{server}/signaling");
            var opening = Stopwatch.StartNew();
            pages.Open("a1", uri, PropertyA, PageA1);
            pages.Open("a3", uri, PropertyA, PageA3);
            pages.Open("b1", uri, PropertyB, PageB1);
            await EventuallyAsync(
                async () => pages.LinkedPeers("a1").SetEquals([Ours, PageA3]) && pages.LinkedPeers("a3").SetEquals([Ours, PageA1])
                    && (await loop.InvokeAsync(() => device.Peer.Peers)).SequenceEqual([PageA1, PageA3]) && pages.Joined("b1"),
                "the mesh of hotel-a (our peer and pages a1, a3: every pair linked) and b1's join",
                pages,
                device);
            var meshed = clock.Elapsed;
            var meshedAfterOpening = opening.Elapsed;

            // Both kinds agree on who offers: the larger id. We offered to a1 and a3 offered to us and to a1.
            Assert.Equal([false, true, true], new[] { pages.Offered("a1", Ours), pages.Offered("a3", Ours), pages.Offered("a3", PageA1) });
            pages.Write("b1", "rooms", "r-900", Json(Room("r-900", "clean", PropertyB)));

            await EventuallyAsync(() => Task.FromResult(pages.StampAt("a1", "rooms", "r-100") == before && pages.StampAt("a3", "rooms", "r-100") == before), "catch-up: r-100, written before the pages joined, on both hotel-a pages", pages, device);

            // Ours to the pages, flooded over the open links.
            var fromUs = Stopwatch.StartNew();
            var ourWrite = await loop.InvokeAsync(() => device.Replica.Write("rooms", "r-101", Room("r-101", "clean")).Document.Stamp.ToString());
            await EventuallyAsync(() => Task.FromResult(pages.StampAt("a1", "rooms", "r-101") == ourWrite && pages.StampAt("a3", "rooms", "r-101") == ourWrite), "our write r-101 on both hotel-a pages", pages, device);
            var toPagesMs = fromUs.ElapsedMilliseconds;

            // A page's write to us (and to the other page), stamped by the page's own clock and validated by our replica.
            var fromPage = Stopwatch.StartNew();
            pages.Write("a1", "housekeeping", "hk-1", HousekeepingTask("hk-1", "r-101"));
            await EventuallyAsync(
                async () => await loop.InvokeAsync(() => device.Replica.Get("housekeeping", "hk-1")?.OriginNode) == PageA1 && pages.StampAt("a3", "housekeeping", "hk-1") is not null,
                "a1's write hk-1 in our replica and on a3",
                pages,
                device);
            var toUsMs = fromPage.ElapsedMilliseconds;
            var pageWrite = await loop.InvokeAsync(() => device.Replica.Get("housekeeping", "hk-1")!);
            Assert.Equal(pages.StampAt("a1", "housekeeping", "hk-1"), pageWrite.Stamp.ToString());
            Assert.Equal(pages.StampAt("a3", "housekeeping", "hk-1"), pageWrite.Stamp.ToString());
            Assert.StartsWith(PageA1, pageWrite.Stamp.NodeId, StringComparison.Ordinal);

            // The same room written on our side and in a3 at once: every replica keeps the version with the higher HLC stamp.
            pages.Write("a3", "rooms", "r-102", Json(Room("r-102", "occupied")));
            var ourConflicting = await loop.InvokeAsync(() => device.Replica.Write("rooms", "r-102", Room("r-102", "out-of-order")).Document.Stamp);
            await EventuallyAsync(() => Task.FromResult(pages.WrittenStamp("a3", "rooms", "r-102") is not null), "a3's write of r-102", pages, device);
            var pageConflicting = HlcTimestamp.Parse(pages.WrittenStamp("a3", "rooms", "r-102")!);
            var winner = (pageConflicting > ourConflicting ? pageConflicting : ourConflicting).ToString();
            await EventuallyAsync(
                async () => await loop.InvokeAsync(() => device.Replica.Get("rooms", "r-102")?.Stamp.ToString()) == winner
                    && pages.StampAt("a1", "rooms", "r-102") == winner && pages.StampAt("a3", "rooms", "r-102") == winner,
                $"r-102, written on both sides ({ourConflicting} here, {pageConflicting} in a3), settled on the higher stamp everywhere",
                pages,
                device);

            // Converged: our replica and both hotel-a pages hold the same versions, and nothing of hotel-b.
            var ourDocuments = await loop.InvokeAsync(() => device.Replica.ChangesSince(0, 1000).Changes.ToDictionary(c => (c.Document.Collection, c.Document.Id), c => c.Document.Stamp.ToString()));
            await EventuallyAsync(() => Task.FromResult(SameVersions(ourDocuments, pages.Documents("a1")) && SameVersions(ourDocuments, pages.Documents("a3"))), "the same versions in our replica and on both hotel-a pages", pages, device);
            Assert.Equal(["housekeeping/hk-1", "rooms/r-100", "rooms/r-101", "rooms/r-102"], ourDocuments.Keys.Select(k => $"{k.Collection}/{k.Id}").Order(StringComparer.Ordinal));

            // Another property's page: in its own room, alone, linked to nobody; it holds only its own write and nobody got that.
            Assert.Empty(pages.LinkedPeers("b1"));
            Assert.Equal(["rooms/r-900"], pages.Documents("b1").Keys.Select(k => $"{k.Collection}/{k.Id}"));
            Assert.Null(await loop.InvokeAsync(() => device.Replica.Get("rooms", "r-900")));
            Assert.Null(pages.StampAt("a1", "rooms", "r-900"));
            Assert.Null(pages.StampAt("a3", "rooms", "r-900"));
            var stats = await RoomsAsync(signaling, peersOfA: 3, peersOfB: 1, pages, device);

            // A guest closes a1's tab (the page leaves on pagehide): its links close on our side and on a3's.
            pages.Close("a1");
            await EventuallyAsync(
                async () => !(await loop.InvokeAsync(() => device.Peer.Peers)).Contains(PageA1) && !pages.LinkedPeers("a3").Contains(PageA1),
                "a1 left: its links to us and to a3 closed",
                pages,
                device);

            // A device that wrote while away: a4 stocks towels before it joins. Joining, it offers to us and a3; we get its
            // write from its change feed (our pull when the link opens), and it catches up on everything hotel-a holds.
            pages.Open("a4", uri, PropertyA, PageA4, join: false);
            pages.Write("a4", "inventory", "inv-1", Json("""{"id":"inv-1","item":"bath towel","location":"linen room 2","quantity":40,"unit":"piece","propertyId":"hotel-a"}"""));
            await EventuallyAsync(() => Task.FromResult(pages.WrittenStamp("a4", "inventory", "inv-1") is not null), "a4's write while away", pages, device);
            var lateJoin = Stopwatch.StartNew();
            pages.Join("a4");
            await EventuallyAsync(
                async () => await loop.InvokeAsync(() => device.Replica.Get("inventory", "inv-1")?.Stamp.ToString()) == pages.WrittenStamp("a4", "inventory", "inv-1")
                    && pages.LinkedPeers("a4").SetEquals([Ours, PageA3]) && (await loop.InvokeAsync(() => device.Peer.Peers)).SequenceEqual([PageA3, PageA4])
                    && pages.StampAt("a3", "inventory", "inv-1") is not null && ourDocuments.All(pair => pages.StampAt("a4", pair.Key.Collection, pair.Key.Id) == pair.Value),
                "a4 joined late: linked to us and a3, its write while away with us and a3, and everything hotel-a held on a4",
                pages,
                device);
            var lateJoinMs = lateJoin.ElapsedMilliseconds;
            Assert.Equal([true, true], new[] { pages.Offered("a4", Ours), pages.Offered("a4", PageA3) });
            var afterLateJoin = await loop.InvokeAsync(() => device.Replica.ChangesSince(0, 1000).Changes.ToDictionary(c => (c.Document.Collection, c.Document.Id), c => c.Document.Stamp.ToString()));
            await EventuallyAsync(() => Task.FromResult(SameVersions(afterLateJoin, pages.Documents("a3")) && SameVersions(afterLateJoin, pages.Documents("a4"))), "the same five versions in our replica, a3 and a4", pages, device);
            Assert.Equal(5, afterLateJoin.Count);
            Assert.Null(pages.StampAt("a4", "rooms", "r-900"));
            await RoomsAsync(signaling, peersOfA: 3, peersOfB: 1, pages, device);

            var (malformed, rejected, offLoop) = await loop.InvokeAsync(() => (device.Replication.MalformedFrames, device.Replica.RejectedVersions, device.ChangesOffLoop));
            Assert.Equal((0L, 0L), (malformed, rejected));
            Assert.Equal(0, offLoop);
            pages.ThrowIfFailed();

            output.WriteLine($"mesh of 3 in hotel-a (our peer, 2 Chromium pages) formed {meshed.TotalMilliseconds:0} ms after start ({meshedAfterOpening.TotalMilliseconds:0} ms from asking the pages to open, which waits for Chromium to start); our write on both pages in {toPagesMs} ms; a page's write with us and the other page in {toUsMs} ms; a late joiner's write with us, and it caught up, in {lateJoinMs} ms; whole test {clock.Elapsed.TotalSeconds:0.0} s");
            output.WriteLine($"signaling: {stats.TotalPeers} peers in {stats.Properties} rooms, {stats.MessagesRelayed} messages relayed, {stats.MessagesRefused} refused; ours: {await loop.InvokeAsync(device.Describe)}");
        }
        catch
        {
            output.WriteLine(pages.Diagnostics());
            throw;
        }
        finally
        {
            await pages.DisposeAsync();
            await loop.InvokeAsync(device.StopAsync);
            folder.Delete(recursive: true);
        }
    }

    private static string Room(string id, string status, string property = PropertyA) =>
        $$"""{"id":"{{id}}","number":"{{id[2..]}}","floor":1,"type":"deluxe","status":"{{status}}","propertyId":"{{property}}"}""";

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static object HousekeepingTask(string id, string room) =>
        new { id, roomId = room, kind = "departure-clean", status = "pending", priority = "high", propertyId = PropertyA };

    private static bool SameVersions(Dictionary<(string Collection, string Id), string> ours, IReadOnlyDictionary<(string Collection, string Id), StoredVersion> page) =>
        ours.Count == page.Count && ours.All(pair => page.TryGetValue(pair.Key, out var version) && version.Stamp == pair.Value);

    /// <summary>Waits until <paramref name="holds"/>, failing early on an error the pages report, and with both sides' state after <see cref="Patience"/>.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> holds, string what, ChromiumMeshProcess pages, OurDevice device)
    {
        var waited = Stopwatch.StartNew();
        while (!await holds())
        {
            pages.ThrowIfFailed();
            if (waited.Elapsed > Patience)
            {
                var ours = await device.Loop.InvokeAsync(device.Describe);
                throw new TimeoutException($"not within {Patience.TotalSeconds} s: {what}\nour peer: {ours}\n{pages.Diagnostics()}");
            }

            await System.Threading.Tasks.Task.Delay(25);
        }
    }

    /// <summary>
    /// Waits until the server counts two rooms with these peers. Read from the test's thread while the server runs on its
    /// own scheduler: a read that met a change in progress is read again.
    /// </summary>
    private static async Task<SignalingStats> RoomsAsync(SignalingServer server, int peersOfA, int peersOfB, ChromiumMeshProcess pages, OurDevice device)
    {
        SignalingStats? stats = null;
        await EventuallyAsync(
            () =>
            {
                try
                {
                    stats = server.GetStats();
                }
                catch (InvalidOperationException)
                {
                    return Task.FromResult(false);
                }

                return Task.FromResult(stats.Properties == 2 && stats.TotalPeers == peersOfA + peersOfB
                    && stats.PeersPerProperty.GetValueOrDefault(PropertyA) == peersOfA && stats.PeersPerProperty.GetValueOrDefault(PropertyB) == peersOfB);
            },
            $"the server's rooms: {PropertyA} with {peersOfA} peers, {PropertyB} with {peersOfB} (last read: {stats?.TotalPeers} peers in {stats?.Properties} rooms)",
            pages,
            device);
        return stats!;
    }

    /// <summary>Kestrel on 127.0.0.1 (a free port) serving only our signaling server at /signaling.</summary>
    private static async Task<(WebApplication App, SignalingServer Server)> StartSignalingAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        var server = app.MapSignaling("/signaling");
        await app.StartAsync();
        return (app, server);
    }

    private static IPEndPoint ServerEndPoint(WebApplication app) =>
        IPEndPoint.Parse(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Authority);
}
