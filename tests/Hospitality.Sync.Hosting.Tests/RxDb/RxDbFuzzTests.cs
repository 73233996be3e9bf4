using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Hosting.Tests.RxDb;

/// <summary>
/// Generated input against the live endpoints: whatever arrives, the answer is a 2xx or a 4xx with a
/// JSON message, never a 5xx or a dropped connection, and a refused push leaves the store unchanged.
/// </summary>
public sealed class RxDbFuzzTests : IAsyncLifetime
{
    private static readonly string[] Collections = [.. HotelCollections.All.Select(collection => collection.Name)];

    private RxDbTestServer _server = null!;

    public async Task InitializeAsync() => _server = await RxDbTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Property(MaxTest = 150)]
    public Property Any_push_body_is_answered_with_conflicts_or_a_4xx_and_a_refused_one_stores_nothing() =>
        Prop.ForAll(PushBodies().ToArbitrary(), body =>
        {
            var before = _server.OnLoop(replica => replica.Store.LastSequence);
            var (status, answer) = Send(HttpMethod.Post, RxDbTestServer.Route(Collection(body), "push"), body);
            return status == HttpStatusCode.OK
                ? answer is JsonArray
                : IsClientError(status) && answer?["message"] is not null && _server.OnLoop(replica => replica.Store.LastSequence) == before;
        });

    [Property(MaxTest = 100)]
    public Property Any_pull_query_is_answered_with_a_page_or_a_400(string? checkpoint, string? limit) =>
        Prop.ToProperty(Query(checkpoint, limit) is var query
            && Send(HttpMethod.Get, RxDbTestServer.Route("rooms", "pull") + query, null) is var (status, answer)
            && (status == HttpStatusCode.OK ? answer?["checkpoint"]?["sequence"] is not null : status == HttpStatusCode.BadRequest && answer?["message"] is not null));

    [Property(MaxTest = 100)]
    public Property Any_route_or_token_is_answered_with_a_4xx_unless_it_is_a_valid_one() =>
        Prop.ForAll(Requests().ToArbitrary(), request =>
            Send(HttpMethod.Get, $"{RxDbTestServer.Prefix}/{Uri.EscapeDataString(request.Property)}/{Uri.EscapeDataString(request.Collection)}/pull", null, request.Token) is var (status, answer)
            && (status == HttpStatusCode.OK
                ? request.Property == RxDbTestServer.Property && Collections.Contains(request.Collection) && _server.Tokens.Verify(request.Token).Grant?.Property == RxDbTestServer.Property
                : IsClientError(status) && (answer?["message"] is not null || RefusedBeforeOurEndpoint(status, answer))));

    /// <summary>Routes to served and unserved places, with real tokens, tampered ones (a changed last character may still decode to the same signature) and noise.</summary>
    private Gen<(string Property, string Collection, string Token)> Requests()
    {
        var text = ArbMap.Default.GeneratorFor<string>().Select(random => random ?? string.Empty);
        var properties = Gen.Frequency((3, Gen.Constant(RxDbTestServer.Property)), (1, Gen.Elements("hotel-b", "HOTEL-A", "hotel-a ")), (1, text.Where(random => random.Length > 0)));
        var collections = Gen.Frequency((3, Gen.Constant("rooms")), (1, Gen.Elements("guests", "Rooms", "minibar")), (1, text.Where(random => random.Length > 0)));
        var token = _server.Token();
        var tampered = from at in Gen.Choose(0, token.Length - 1)
                       from replacement in Gen.Elements('A', 'x', '.', '-', '_', '0')
                       select string.Concat(token.AsSpan(0, at), replacement.ToString(), token.AsSpan(at + 1));
        var tokens = Gen.Frequency(
            (3, Gen.Constant(token)),
            (2, tampered),
            (1, Gen.Choose(0, token.Length).Select(length => token[..length])),
            (1, Gen.Constant(_server.Token(property: "hotel-b"))),
            (1, text.Select(random => new string([.. random.Where(character => character is >= ' ' and <= '~')]))));
        return from property in properties
               from collection in collections
               from bearer in tokens
               select (property, collection, bearer);
    }

    /// <summary>Valid pushes, pushes with one field mutated, random JSON-ish text and random bytes.</summary>
    private Gen<string> PushBodies()
    {
        var ids = Gen.Elements("101", "102", "103", "", "a:b", new string('x', 300));
        var statuses = Gen.Elements("clean", "dirty", "sparkling", "");
        var fields = Gen.Elements("floor", "id", "status", "_deleted", "hlc", "updatedAt", "number", "extra");
        var values = Gen.Elements<JsonNode?>(null, 1, -7, 1e300, "text", true, new JsonArray(), new JsonObject(), "2026-12-06T10:00:00Z", "001767225600000:00003:x");
        var valid = from id in ids
                    from status in statuses
                    from seconds in Gen.Choose(-3600, 3600)
                    select RxDbTestServer.Push(null, RxDbTestServer.Room(id, status, _server.Time.GetUtcNow().AddSeconds(seconds)));
        var mutated = from id in ids
                      from field in fields
                      from value in values
                      select Mutated(id, field, value);
        var text = ArbMap.Default.GeneratorFor<string>().Select(random => random ?? string.Empty);
        var bytes = ArbMap.Default.GeneratorFor<byte[]>().Select(random => Encoding.Latin1.GetString(random));
        var fragments = Gen.ArrayOf(Gen.Elements("[", "]", "{", "}", ",", ":", "\"newDocumentState\"", "\"assumedMasterState\"", "null", "\"id\"", "\"101\"", "1", "\"\\ud800\""))
            .Select(parts => string.Concat(parts));
        return Gen.Frequency((3, valid), (4, mutated), (1, text), (1, bytes), (2, fragments));
    }

    private string Mutated(string id, string field, JsonNode? value)
    {
        var room = RxDbTestServer.Room(id, "clean", _server.Time.GetUtcNow());
        room[field] = value?.DeepClone();
        return RxDbTestServer.Push(null, room);
    }

    // A few bodies go to another collection, so refusals of a valid room as a guest are exercised too.
    private static string Collection(string body) => body.Length % 7 == 0 ? "guests" : "rooms";

    private static string Query(string? checkpoint, string? limit) =>
        "?" + string.Join("&", new[] { ("checkpoint", checkpoint), ("limit", limit) }.Where(pair => pair.Item2 is not null).Select(pair => $"{pair.Item1}={Uri.EscapeDataString(pair.Item2!)}"));

    // A path with %00 is Kestrel's empty 400, one with an escaped '/' no route of ours (routing's empty 404).
    private static bool RefusedBeforeOurEndpoint(HttpStatusCode status, JsonNode? answer) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound && answer is null;

    private static bool IsClientError(HttpStatusCode status) => (int)status is >= 400 and < 500;

    private (HttpStatusCode Status, JsonNode? Answer) Send(HttpMethod method, string path, string? body, string? token = null)
    {
        using var request = _server.Request(method, path, token ?? _server.Token(), null);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = _server.Client.Send(request);
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        JsonNode? answer;
        try
        {
            answer = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            answer = null;
        }

        return (response.StatusCode, answer);
    }
}
