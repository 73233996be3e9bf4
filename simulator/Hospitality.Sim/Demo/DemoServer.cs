using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Demo;

/// <summary>A server that accepts message connections and answers every message with a short acknowledgement.</summary>
internal sealed class DemoServer(SimHost host, int port) : IGameComponent
{
    private int _connections;

    public long MessagesReceived { get; private set; }

    public void Initialize(SimulationGame game) =>
        game.Simulation.Spawn($"{host.Name}/listen", async () =>
        {
            var listener = await host.Network.ListenAsync(new IPEndPoint(IPAddress.Any, port));
            while (true)
            {
                var connection = await listener.AcceptAsync();
                _ = game.Simulation.Spawn($"{host.Name}/serve", () => ServeAsync(connection));
            }
        });

    public void Update(SimTime time)
    {
    }

    public void Draw(FrameLog frames) => frames.Record($"{host.Name}/connections", _connections);

    private async Task ServeAsync(IMessageConnection connection)
    {
        _connections++;
        var ack = new byte[16];
        try
        {
            while (await connection.ReceiveAsync() is { } message)
            {
                MessagesReceived++;
                BitConverter.TryWriteBytes(ack, message.Length);
                await connection.SendAsync(ack);
            }

            await connection.CloseAsync();
        }
        catch (NetworkConnectionException)
        {
            // The device went away (partition, move): it reconnects on its own.
        }
        finally
        {
            _connections--;
        }
    }
}
