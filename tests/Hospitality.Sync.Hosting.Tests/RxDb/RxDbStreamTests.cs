using System.Net;
using System.Text.Json.Nodes;

namespace Hospitality.Sync.Hosting.Tests.RxDb;

/// <summary>The pullStream route: server-sent events of a collection's changes, RESYNC when the client must catch up by pulling, and an end when the token runs out.</summary>
public sealed class RxDbStreamTests
{
    [Fact]
    public async Task A_stream_opens_with_RESYNC_then_sends_each_change_of_its_collection_with_its_checkpoint()
    {
        await using var server = await RxDbTestServer.StartAsync();
        using var response = await server.Client.SendAsync(server.Request(HttpMethod.Get, RxDbTestServer.Route("rooms", "pullStream"), server.Token()), HttpCompletionOption.ResponseHeadersRead);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("\"RESYNC\"", await events.NextDataAsync());

        server.OnLoop(replica => replica.Write("guests", "g1", """{"id":"g1","name":"Ada"}"""));
        server.OnLoop(replica => replica.Write("rooms", "101", RxDbTestServer.RoomBody("101", "dirty", server.Time.GetUtcNow())));
        var change = JsonNode.Parse((await events.NextDataAsync())!)!;

        var document = Assert.Single(change["documents"]!.AsArray())!;
        Assert.Equal("101", document["id"]!.GetValue<string>());
        Assert.Equal(server.OnLoop(replica => replica.Store.LastSequence), change["checkpoint"]!["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_stream_too_far_behind_says_RESYNC_instead_of_sending_the_backlog()
    {
        await using var server = await RxDbTestServer.StartAsync(options => options with { StreamBacklogMax = 3 });
        for (var room = 1; room <= 5; room++)
        {
            server.OnLoop(replica => replica.Write("rooms", $"{room}", RxDbTestServer.RoomBody($"{room}", "clean", server.Time.GetUtcNow())));
        }

        using var response = await server.Client.SendAsync(server.Request(HttpMethod.Get, RxDbTestServer.Route("rooms", "pullStream") + "?checkpoint=0", server.Token()), HttpCompletionOption.ResponseHeadersRead);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("\"RESYNC\"", await events.NextDataAsync());

        server.OnLoop(replica => replica.Write("rooms", "6", RxDbTestServer.RoomBody("6", "clean", server.Time.GetUtcNow())));
        var change = JsonNode.Parse((await events.NextDataAsync())!)!;
        Assert.Equal("6", Assert.Single(change["documents"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stream_ends_when_its_token_expires_so_the_client_must_come_back_with_a_valid_one()
    {
        await using var server = await RxDbTestServer.StartAsync();
        using var response = await server.Client.SendAsync(server.Request(HttpMethod.Get, RxDbTestServer.Route("rooms", "pullStream"), server.Token(life: TimeSpan.FromMinutes(10))), HttpCompletionOption.ResponseHeadersRead);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("\"RESYNC\"", await events.NextDataAsync());

        server.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Null(await events.NextDataAsync());
    }

    [Fact]
    public async Task A_browser_s_EventSource_may_carry_its_token_in_the_query()
    {
        await using var server = await RxDbTestServer.StartAsync();
        using var response = await server.Client.GetAsync(RxDbTestServer.Route("rooms", "pullStream") + "?access_token=" + Uri.EscapeDataString(server.Token()), HttpCompletionOption.ResponseHeadersRead);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"RESYNC\"", await events.NextDataAsync());
    }
}
