using System.Net;
using System.Text.Json.Nodes;
using Hospitality.Sync.Access;

namespace Hospitality.Sync.Hosting.Tests.RxDb;

/// <summary>
/// Every RxDB route refuses what it must with a 4xx, a message that says why, and the store as it
/// was: no, forged and expired tokens, another property's token, a role not served, and bad input.
/// </summary>
public sealed class RxDbRefusalTests
{
    public static TheoryData<string> Operations => ["pull", "push", "pullStream"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_request_without_a_token_is_unauthorized(string operation)
    {
        await using var server = await RxDbTestServer.StartAsync();
        var (status, message) = await RefusalAsync(server, operation, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("no access token", message);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_token_signed_with_another_key_is_unauthorized(string operation)
    {
        await using var server = await RxDbTestServer.StartAsync();
        await using var elsewhere = await RxDbTestServer.StartAsync();
        var (status, message) = await RefusalAsync(server, operation, elsewhere.Token());

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("signature does not verify", message);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task An_expired_token_is_unauthorized(string operation)
    {
        await using var server = await RxDbTestServer.StartAsync();
        var token = server.Token(life: TimeSpan.FromMinutes(1));
        server.Time.Advance(TimeSpan.FromMinutes(2));
        var (status, message) = await RefusalAsync(server, operation, token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("expired", message);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_device_of_another_property_can_neither_read_write_nor_stream(string operation)
    {
        await using var server = await RxDbTestServer.StartAsync();
        var (status, message) = await RefusalAsync(server, operation, server.Token(property: "hotel-b"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("'hotel-b'", message);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_role_the_server_does_not_serve_is_forbidden(string operation)
    {
        await using var server = await RxDbTestServer.StartAsync(roles: [AccessRole.Greengrass]);
        var (status, message) = await RefusalAsync(server, operation, server.Token(role: AccessRole.Device));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("role", message);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_route_to_another_property_is_not_found_even_with_that_property_s_token(string operation)
    {
        await using var server = await RxDbTestServer.StartAsync();
        var (status, body) = await server.SendAsync(operation == "push" ? HttpMethod.Post : HttpMethod.Get, RxDbTestServer.Route("rooms", operation, property: "hotel-b"), server.Token(property: "hotel-b"), operation == "push" ? "[]" : null);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("'hotel-b' is not served here", body!["message"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task An_unknown_collection_is_not_found_and_named(string operation)
    {
        await using var server = await RxDbTestServer.StartAsync();
        var (status, body) = await server.SendAsync(operation == "push" ? HttpMethod.Post : HttpMethod.Get, RxDbTestServer.Route("minibar", operation), server.Token(), operation == "push" ? "[]" : null);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("collection 'minibar' is unknown; the collections are rooms, reservations", body!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("[{\"newDocumentState\":", "not JSON")]
    [InlineData("{\"newDocumentState\":{}}", "array")]
    [InlineData("[{\"assumedMasterState\":null}]", "[0].newDocumentState: missing")]
    [InlineData("[{\"newDocumentState\":{\"number\":\"1\"}}]", "[0].newDocumentState.id")]
    [InlineData("[{\"newDocumentState\":{\"id\":\"1\",\"_deleted\":\"yes\"}}]", "_deleted: true or false")]
    [InlineData("[{\"newDocumentState\":{\"id\":\"1\",\"hlc\":\"yesterday\"}}]", "hlc")]
    [InlineData("[{\"newDocumentState\":{\"id\":\"1\",\"id\":\"2\"}}]", "given twice")]
    public async Task A_malformed_push_is_a_bad_request_that_says_where_and_stores_nothing(string body, string expected)
    {
        await using var server = await RxDbTestServer.StartAsync();

        var (status, answer) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, answer!.ToJsonString());
        Assert.Equal(0, server.OnLoop(replica => replica.Store.LastSequence));
    }

    [Fact]
    public async Task A_push_with_one_state_that_breaks_its_schema_is_refused_whole_with_the_field_named()
    {
        await using var server = await RxDbTestServer.StartAsync();
        var good = RxDbTestServer.Room("101", "clean", server.Time.GetUtcNow());
        var bad = RxDbTestServer.Room("102", "sparkling", server.Time.GetUtcNow());
        var body = $"[{{\"assumedMasterState\":null,\"newDocumentState\":{good.ToJsonString()}}},{{\"assumedMasterState\":null,\"newDocumentState\":{bad.ToJsonString()}}}]";

        var (status, answer) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("[1].newDocumentState.status", answer!["details"]![0]!.GetValue<string>());
        Assert.Equal(0, server.OnLoop(replica => replica.Store.LastSequence));
    }

    [Fact]
    public async Task A_push_dated_far_in_the_future_is_refused_so_it_cannot_drag_every_clock_forward()
    {
        await using var server = await RxDbTestServer.StartAsync();
        var (status, answer) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), RxDbTestServer.Push(null, RxDbTestServer.Room("101", "clean", server.Time.GetUtcNow().AddDays(1))));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("updatedAt", answer!.ToJsonString());
        Assert.Equal(0, server.OnLoop(replica => replica.Store.LastSequence));
    }

    [Fact]
    public async Task An_oversized_push_is_refused_before_it_is_read_whole()
    {
        await using var server = await RxDbTestServer.StartAsync(options => options with { PushBodyMaxBytes = 1024 });
        var body = "[" + string.Join(",", Enumerable.Range(0, 40).Select(room => $"{{\"assumedMasterState\":null,\"newDocumentState\":{RxDbTestServer.Room($"{room}", "clean", server.Time.GetUtcNow()).ToJsonString()}}}")) + "]";

        var (status, answer) = await server.SendAsync(HttpMethod.Post, RxDbTestServer.Route("rooms", "push"), server.Token(), body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("at most 1024 bytes", answer!["message"]!.GetValue<string>());
        Assert.Equal(0, server.OnLoop(replica => replica.Store.LastSequence));
    }

    [Theory]
    [InlineData("?checkpoint=-1")]
    [InlineData("?checkpoint=abc")]
    [InlineData("?limit=0")]
    [InlineData("?limit=1001")]
    [InlineData("?limit=1&limit=2")]
    public async Task A_pull_with_a_bad_checkpoint_or_limit_is_a_bad_request(string query)
    {
        await using var server = await RxDbTestServer.StartAsync();
        var (status, answer) = await server.SendAsync(HttpMethod.Get, RxDbTestServer.Route("rooms", "pull") + query, server.Token());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("whole number", answer!["message"]!.GetValue<string>());
    }

    /// <summary>Sends the operation with a valid push body, checks that the store did not change, and returns the status and message.</summary>
    private static async Task<(HttpStatusCode Status, string Message)> RefusalAsync(RxDbTestServer server, string operation, string? token)
    {
        server.OnLoop(replica => replica.Write("rooms", "101", RxDbTestServer.RoomBody("101", "dirty", server.Time.GetUtcNow())));
        var sequence = server.OnLoop(replica => replica.Store.LastSequence);
        var push = RxDbTestServer.Push(null, RxDbTestServer.Room("102", "clean", server.Time.GetUtcNow()));
        using var response = await server.Client.SendAsync(server.Request(operation == "push" ? HttpMethod.Post : HttpMethod.Get, RxDbTestServer.Route("rooms", operation), token, operation == "push" ? push : null));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(sequence, server.OnLoop(replica => replica.Store.LastSequence));
        Assert.DoesNotContain("\"documents\"", text);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        return (response.StatusCode, JsonNode.Parse(text)!["message"]!.GetValue<string>());
    }
}
