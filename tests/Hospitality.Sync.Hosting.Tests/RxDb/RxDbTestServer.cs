using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hospitality.Sync.Access;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Hosting.Access;
using Hospitality.Sync.Hosting.Replicas;
using Hospitality.Sync.Hosting.RxDb;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Hospitality.Sync.Hosting.Tests.RxDb;

/// <summary>
/// A Greengrass of property "hotel-a" serving the RxDB endpoints on a real Kestrel on a loopback port,
/// over an in-memory SQLite replica, with a fake clock the test moves (tokens expire without waiting).
/// </summary>
internal sealed class RxDbTestServer : IAsyncDisposable
{
    public const string Property = "hotel-a";
    public const string Prefix = "/api/replication";

    private readonly WebApplication _app;
    private readonly ReplicaLoop _access;

    private RxDbTestServer(WebApplication app, ReplicaLoop access, AccessTokens tokens, FakeTimeProvider time, HttpClient client)
    {
        _app = app;
        _access = access;
        Tokens = tokens;
        Time = time;
        Client = client;
    }

    /// <summary>Runs <paramref name="work"/> on the replica's loop, as the endpoints do, and waits for it.</summary>
    public T OnLoop<T>(Func<Replica, T> work) => _access.RunAsync(work, CancellationToken.None).GetAwaiter().GetResult();

    public AccessTokens Tokens { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public static async Task<RxDbTestServer> StartAsync(Func<RxDbReplicationOptions, RxDbReplicationOptions>? configure = null, IReadOnlyList<AccessRole>? roles = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokens = new AccessTokens(RandomNumberGenerator.GetBytes(AccessTokens.KeyMinBytes), time);
        var access = await ReplicaLoop.StartAsync("greengrass-a", () => new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(time, "greengrass-a")));
        var property = new RxDbProperty(access, new PropertyAccess(tokens, Property, roles));
        var options = new RxDbReplicationOptions { FindProperty = name => name == Property ? property : null, Time = time };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapRxDbReplication(Prefix, configure?.Invoke(options) ?? options);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        return new RxDbTestServer(app, access, tokens, time, client);
    }

    public string Token(string property = Property, string device = "tablet-1", AccessRole role = AccessRole.Device, TimeSpan? life = null) =>
        Tokens.Issue(new AccessGrant(property, device, role, Time.GetUtcNow() + (life ?? TimeSpan.FromHours(1))));

    public static string Route(string collection, string operation, string property = Property) => $"{Prefix}/{property}/{collection}/{operation}";

    public HttpRequestMessage Request(HttpMethod method, string path, string? token, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? token, string? json = null)
    {
        using var response = await Client.SendAsync(Request(method, path, token, json));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>A room as RxDB holds it: our body's fields and id, without our stamp.</summary>
    public static JsonObject Room(string id, string status, DateTimeOffset updatedAt) => new()
    {
        ["id"] = id,
        ["number"] = id,
        ["floor"] = 1,
        ["type"] = "double",
        ["status"] = status,
        ["updatedAt"] = updatedAt.ToString("O"),
    };

    public static string RoomBody(string id, string status, DateTimeOffset updatedAt) => Room(id, status, updatedAt).ToJsonString();

    public static string Push(JsonNode? assumed, JsonNode next) =>
        new JsonArray(new JsonObject { ["assumedMasterState"] = assumed?.DeepClone(), ["newDocumentState"] = next.DeepClone() }).ToJsonString();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _access.Dispose();
    }
}
