using System.Net;
using Hospitality.Sim.Network;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// An upstream whose answers the test writes: it listens on a simulated host, keeps every request
/// it received, answers each with <see cref="Answer"/> (null: no answer), and sends events when told.
/// </summary>
internal sealed class ScriptedUpstream
{
    private readonly SimHost _host;
    private IMessageConnection? _latest;

    public ScriptedUpstream(SimHost host, Func<ProtocolMessage, ProtocolMessage?> answer)
    {
        _host = host;
        Answer = answer;
        host.Spawn("scripted-upstream", async lifetime =>
        {
            var listener = await host.Network.ListenAsync(new IPEndPoint(IPAddress.Any, ReplicationWorld.Port), lifetime);
            while (true)
            {
                var connection = await listener.AcceptAsync(lifetime);
                Connections++;
                _latest = connection;
                _ = host.Spawn("scripted-connection", async _ => await ServeAsync(connection));
            }
        });
    }

    public Func<ProtocolMessage, ProtocolMessage?> Answer { get; set; }

    public List<ProtocolMessage> Received { get; } = [];

    public int Connections { get; private set; }

    /// <summary>Sends <paramref name="message"/> on the latest connection.</summary>
    public void Send(ProtocolMessage message)
    {
        var connection = _latest ?? throw new InvalidOperationException("no connection yet");
        _host.Spawn("scripted-send", async _ => await connection.SendAsync(ProtocolCodec.Encode(message)));
    }

    private async Task ServeAsync(IMessageConnection connection)
    {
        try
        {
            while (await connection.ReceiveAsync() is { } frame)
            {
                var request = ProtocolCodec.Decode(frame).Message!;
                Received.Add(request);
                if (Answer(request) is { } answer)
                {
                    await connection.SendAsync(ProtocolCodec.Encode(answer));
                }
            }
        }
        catch (NetworkConnectionException)
        {
        }
    }

    /// <summary>The latest connection accepted, for a test that looks at how it ended.</summary>
    public IMessageConnection? LatestConnection => _latest;
}
