using Hospitality.Sync.Access;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Tests.Signaling;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>Reading a health probe's answer: only "ok" to the probe's own request counts.</summary>
public sealed class HealthCheckTests
{
    private readonly ScriptedConnection _server = new();
    private readonly ReplicationWorld _world = new();

    [Fact]
    public async Task An_ok_to_the_probe_is_read_with_the_servers_position()
    {
        _server.Deliver(new HealthResponse(1, "ok", 42));

        var answer = await HealthCheck.ReadOkAsync(_server, requestId: 1, CancellationToken.None);

        Assert.Equal(42, answer.LastSequence);
    }

    [Fact]
    public async Task Anything_but_ok_to_the_probe_is_a_failed_probe()
    {
        _server.Deliver(new HealthResponse(1, "degraded", 42));
        _server.Deliver(new HealthResponse(2, "ok", 42));
        _server.Deliver(new ErrorResponse(1, "unauthorized", "no token"));
        _server.EndFromPeer();

        for (var answer = 0; answer < 4; answer++)
        {
            var error = await Assert.ThrowsAsync<ProtocolViolationException>(() => HealthCheck.ReadOkAsync(_server, requestId: 1, CancellationToken.None));
            Assert.Contains("no \"ok\"", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_probe_of_a_server_that_checks_access_says_hello_with_its_token_first_and_reads_the_ok()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        cloud.Write("rooms", "r1", ReplicationServerTests.Room("r1", "clean", "p1"));
        _world.Serve(_world.Cloud, cloud, new ReplicationServerOptions { Port = ReplicationWorld.Port, Access = new PropertyAccess(new TestTokens(), "p1") });

        var (_, lastSequence) = _world.Script(_world.Tablet, () =>
            HealthCheck.ProbeAsync(_world.Tablet.Network, _world.Tablet.Clock, ReplicationWorld.At(_world.Cloud), CancellationToken.None, TestTokens.For("p1", "tablet")));

        Assert.Equal(1, lastSequence);
    }

    [Fact]
    public void A_probe_whose_token_the_server_refuses_fails_naming_the_access_token()
    {
        _world.Serve(_world.Cloud, ReplicationWorld.NewReplica(_world.Cloud), new ReplicationServerOptions { Port = ReplicationWorld.Port, Access = new PropertyAccess(new TestTokens(), "p1") });

        var error = _world.Script(_world.Tablet, async () =>
        {
            try
            {
                await HealthCheck.ProbeAsync(_world.Tablet.Network, _world.Tablet.Clock, ReplicationWorld.At(_world.Cloud), CancellationToken.None, "forged");
                return null;
            }
            catch (ProtocolViolationException refused)
            {
                return refused;
            }
        });

        Assert.Equal("the health probe's hello was refused (access token)", error?.Message);
    }
}
