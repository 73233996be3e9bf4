using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Access;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Hosting.Access;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.Hosting.Replicas;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Hosting.Tests.Access;

/// <summary>
/// The framed replication protocol on real loopback sockets with access checked: a connection must
/// say hello with a token of the server's property before anything else is answered, and a refused
/// one is told why and closed with nothing read or written.
/// </summary>
public sealed class FramedProtocolAccessTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly AccessTokens _tokens = new(RandomNumberGenerator.GetBytes(32));
    private readonly int _port = FreePort();
    private ReplicaLoop _cloud = null!;
    private ReplicationServer _server = null!;

    public async Task InitializeAsync()
    {
        // The cloud's replication for property hotel-a (its Greengrass and its devices, nobody else), on the cloud's loop.
        _cloud = await ReplicaLoop.StartAsync("cloud", () => new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(TimeProvider.System, "cloud")));
        _server = await _cloud.Loop.InvokeAsync(async () =>
        {
            _cloud.Replica.Write("rooms", "101", """{"id":"101","number":"101","floor":1,"type":"double","status":"clean"}""");
            var server = new ReplicationServer(_cloud.Replica, OsNetwork.Instance, new ReplicationServerOptions { Port = _port, QueuePushesForUpstream = false, Access = new PropertyAccess(_tokens, "hotel-a") });
            await server.StartAsync();
            return server;
        });
    }

    public async Task DisposeAsync()
    {
        await _cloud.Loop.InvokeAsync(async () => await _server.DisposeAsync());
        _cloud.Dispose();
    }

    [Fact]
    public async Task A_request_before_the_hello_is_refused_and_the_connection_closed()
    {
        await using var connection = await ConnectAsync();

        await connection.SendAsync(ProtocolCodec.Encode(new PullRequest(1, 0, 100)));

        var refusal = Assert.IsType<ErrorResponse>(await ReceiveAsync(connection));
        Assert.Equal("unauthorized", refusal.Code);
        Assert.Contains("before a hello with an access token", refusal.Message);
        Assert.Null(await connection.ReceiveAsync().AsTask().WaitAsync(Patience));
    }

    [Theory]
    [InlineData(AccessRole.Device)]
    [InlineData(AccessRole.Greengrass)]
    public async Task The_cloud_refuses_a_device_or_a_Greengrass_of_another_property_and_nothing_it_pushes_is_stored(AccessRole role)
    {
        await using var connection = await ConnectAsync();
        var sequence = Cloud(replica => replica.Store.LastSequence);
        var stranger = _tokens.Issue(new AccessGrant("hotel-b", "greengrass-b", role, DateTimeOffset.UtcNow.AddHours(1)));

        await connection.SendAsync(ProtocolCodec.Encode(new HelloRequest(0, [], stranger)));
        var pushed = new Document("rooms", "666", """{"id":"666","number":"666","floor":6,"type":"double","status":"dirty"}""", new HlcTimestamp(1, 0, "greengrass-b"), false, "greengrass-b");
        await SendQuietlyAsync(connection, new PushRequest(1, [new PushRow(null, pushed)]));

        var refusal = Assert.IsType<ErrorResponse>(await ReceiveAsync(connection));
        Assert.Contains("'hotel-b'", refusal.Message);
        Assert.Null(await connection.ReceiveAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(sequence, Cloud(replica => replica.Store.LastSequence));
        Assert.Null(Cloud(replica => replica.Get("rooms", "666")));
        Assert.Equal(1, _server.RefusedConnections);
    }

    [Fact]
    public async Task A_forged_or_expired_token_is_refused_in_the_hello()
    {
        var otherKey = new AccessTokens(RandomNumberGenerator.GetBytes(32)).Issue(new AccessGrant("hotel-a", "tablet-1", AccessRole.Device, DateTimeOffset.UtcNow.AddHours(1)));
        var expired = _tokens.Issue(new AccessGrant("hotel-a", "tablet-1", AccessRole.Device, DateTimeOffset.UtcNow.AddSeconds(-1)));

        foreach (var (token, reason) in new[] { (otherKey, "signature"), (expired, "expired"), ((string?)null, "no access token") })
        {
            await using var connection = await ConnectAsync();
            await connection.SendAsync(ProtocolCodec.Encode(new HelloRequest(0, [], token)));
            Assert.Contains(reason, Assert.IsType<ErrorResponse>(await ReceiveAsync(connection)).Message);
        }
    }

    [Fact]
    public async Task A_replicator_with_its_property_s_token_syncs_and_one_with_another_property_s_token_gets_nothing()
    {
        using var own = await ReplicaLoop.StartAsync("greengrass-a", () => new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(TimeProvider.System, "greengrass-a")));
        using var stranger = await ReplicaLoop.StartAsync("greengrass-b", () => new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(TimeProvider.System, "greengrass-b")));
        var allowed = await StartReplicatorAsync(own, new AccessGrant("hotel-a", "greengrass-a", AccessRole.Greengrass, DateTimeOffset.UtcNow.AddHours(1)));
        var refused = await StartReplicatorAsync(stranger, new AccessGrant("hotel-b", "greengrass-b", AccessRole.Greengrass, DateTimeOffset.UtcNow.AddHours(1)));
        try
        {
            var deadline = DateTime.UtcNow + Patience;
            while ((await own.RunAsync(replica => replica.Get("rooms", "101"), CancellationToken.None) is null || await stranger.Loop.InvokeAsync(() => refused.Failures) == 0) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.NotNull(await own.RunAsync(replica => replica.Get("rooms", "101"), CancellationToken.None));
            Assert.Equal(0, await stranger.RunAsync(replica => replica.Store.LastSequence, CancellationToken.None));
            Assert.Contains("refused access", await stranger.Loop.InvokeAsync(() => refused.LastError));
            Assert.NotEqual(ReplicatorState.Live, await stranger.Loop.InvokeAsync(() => refused.State));
        }
        finally
        {
            await own.Loop.InvokeAsync(async () => await allowed.DisposeAsync());
            await stranger.Loop.InvokeAsync(async () => await refused.DisposeAsync());
        }
    }

    [Property(MaxTest = 60)]
    public Property No_sequence_of_frames_without_a_valid_hello_gets_an_answer_other_than_an_error_or_changes_the_store() =>
        Prop.ForAll(Frames().ListOf().ToArbitrary(), frames =>
        {
            var sequence = Cloud(replica => replica.Store.LastSequence);
            var answers = ExchangeAsync(frames).GetAwaiter().GetResult();
            return answers.All(answer => answer is ErrorResponse { Code: "unauthorized" or "malformed" }) && Cloud(replica => replica.Store.LastSequence) == sequence;
        });

    /// <summary>Requests of every kind, hellos with tokens that are not this property's, and bytes that are no frame at all.</summary>
    private Gen<byte[]> Frames()
    {
        var room = new Document("rooms", "666", """{"id":"666","number":"666","floor":6,"type":"double","status":"dirty"}""", new HlcTimestamp(1, 0, "intruder"), false, "intruder");
        var strangers = new[]
        {
            _tokens.Issue(new AccessGrant("hotel-b", "intruder", AccessRole.Device, DateTimeOffset.UtcNow.AddHours(1))),
            _tokens.Issue(new AccessGrant("hotel-a", "intruder", AccessRole.Device, DateTimeOffset.UtcNow.AddSeconds(-1))),
            new AccessTokens(RandomNumberGenerator.GetBytes(32)).Issue(new AccessGrant("hotel-a", "intruder", AccessRole.Device, DateTimeOffset.UtcNow.AddHours(1))),
        };
        var messages = Gen.OneOf(
            Gen.Constant<ProtocolMessage>(new PullRequest(1, 0, 100)),
            Gen.Constant<ProtocolMessage>(new PushRequest(2, [new PushRow(null, room)])),
            Gen.Constant<ProtocolMessage>(new SubscribeRequest(3, 0)),
            Gen.Constant<ProtocolMessage>(new HealthRequest(4)),
            Gen.Elements<string?>([null, "", "not-a-token", .. strangers]).Select(token => (ProtocolMessage)new HelloRequest(0, [WireCompression.Brotli], token)));
        var noise = ArbMap.Default.GeneratorFor<byte[]>().Select(bytes => bytes ?? []);
        return Gen.Frequency((4, messages.Select(ProtocolCodec.Encode)), (1, noise));
    }

    /// <summary>Sends the frames on a fresh connection, closes its sending side and returns every answer until the server closes too.</summary>
    private async Task<List<ProtocolMessage>> ExchangeAsync(IEnumerable<byte[]> frames)
    {
        await using var connection = await ConnectAsync();
        foreach (var frame in frames)
        {
            try
            {
                await connection.SendAsync(frame);
            }
            catch (NetworkConnectionException)
            {
                break;
            }
        }

        await connection.CloseAsync();
        var answers = new List<ProtocolMessage>();
        try
        {
            while (await connection.ReceiveAsync().AsTask().WaitAsync(Patience) is { } answer)
            {
                answers.Add(ProtocolCodec.Decode(answer).Message!);
            }
        }
        catch (NetworkConnectionException)
        {
            // A refusal may reset the connection while frames are still in flight.
        }

        return answers;
    }

    // A replicator runs on its replica's loop, as a node's does.
    private Task<Replicator> StartReplicatorAsync(ReplicaLoop replica, AccessGrant grant) =>
        replica.Loop.InvokeAsync(async () =>
        {
            var replicator = new Replicator(replica.Replica, OsNetwork.Instance, new ReplicatorOptions { Upstream = "cloud", Host = "127.0.0.1", Port = _port, AccessToken = _tokens.Issue(grant), RetryInitialDelay = TimeSpan.FromSeconds(5) }, TimeProvider.System, CryptoRandomSource.Instance);
            await replicator.StartAsync();
            return replicator;
        });

    private T Cloud<T>(Func<Replica, T> read) => _cloud.RunAsync(read, CancellationToken.None).GetAwaiter().GetResult();

    private async Task<IMessageConnection> ConnectAsync() => await OsNetwork.Instance.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port));

    private static async Task<ProtocolMessage> ReceiveAsync(IMessageConnection connection)
    {
        var frame = await connection.ReceiveAsync().AsTask().WaitAsync(Patience);
        return ProtocolCodec.Decode(frame!.Value).Message!;
    }

    // The server may already have closed the connection: a refused write is part of what is tested.
    private static async Task SendQuietlyAsync(IMessageConnection connection, ProtocolMessage message)
    {
        try
        {
            await connection.SendAsync(ProtocolCodec.Encode(message));
        }
        catch (NetworkConnectionException)
        {
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
