using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>Reading a health probe's answer: only "ok" to the probe's own request counts.</summary>
public sealed class HealthCheckTests
{
    private readonly ScriptedConnection _server = new();

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
}
