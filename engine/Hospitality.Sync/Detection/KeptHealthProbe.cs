using System.Net;
using ProtocolViolationException = Hospitality.Sync.Replication.ProtocolViolationException;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Detection;

/// <summary>
/// The detector's health probe of one server, keeping its connection between probes as an HTTP
/// client keeps its connection alive: a probe is one request and its answer. A connection per probe
/// cost each device a handshake and a teardown every probe interval (600 devices of a chain: most of
/// a simulated day's packets). A probe that fails or times out drops the connection, so the next one
/// starts afresh, and the round trip never includes a connection set-up.
/// </summary>
internal sealed class KeptHealthProbe(INetwork network, TimeProvider time)
{
    private IMessageConnection? _connection;
    private IPEndPoint? _endpoint;
    private long _lastRequestId;
    private bool _resetRequested;

    /// <summary>Connections opened so far (one per probe before any was kept).</summary>
    public int ConnectionsOpened { get; private set; }

    /// <summary>The next probe starts on a new connection (the device's link changed under the old one).</summary>
    public void Reset() => _resetRequested = true;

    /// <summary>Returns the round trip of one health request; throws what the connection or a wrong answer throws, after dropping the connection.</summary>
    /// <exception cref="ProtocolViolationException">The server answered something other than "ok", or closed the connection.</exception>
    public async Task<TimeSpan> ProbeAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        if (_connection is not null && (_resetRequested || !endpoint.Equals(_endpoint)))
        {
            await DropAsync();
        }

        _resetRequested = false;
        try
        {
            if (_connection is null)
            {
                _connection = await network.ConnectAsync(endpoint, cancellationToken);
                _endpoint = endpoint;
                ConnectionsOpened++;
            }

            var requestId = ++_lastRequestId;
            var started = time.GetTimestamp();
            await _connection.SendAsync(ProtocolCodec.Encode(new HealthRequest(requestId)), cancellationToken);
            await HealthCheck.ReadOkAsync(_connection, requestId, cancellationToken);
            return time.GetElapsedTime(started);
        }
        catch
        {
            await DropAsync();
            throw;
        }
    }

    /// <summary>Closes the kept connection, if any, at once.</summary>
    public async ValueTask DropAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            _endpoint = null;
            connection.Abort();
            await connection.DisposeAsync();
        }
    }
}
