using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Network;

/// <summary>
/// The simulated TCP acknowledges as Linux does: at once while a connection is new, then, once it answers
/// what it hears, on the answers themselves, and on its own only after 40 ms or more than a full segment.
/// A probe captured on loopback between .NET's client and Kestrel took 14 segments; with every segment
/// acknowledged at once the simulator sent 19.
/// </summary>
public sealed class DelayedAckTests
{
    private const int Port = 443;

    [Fact]
    public void Requests_and_answers_carry_each_others_acks_once_the_connection_answers_what_it_hears()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        Echo(b);
        long sentBefore = 0, answeredBefore = 0, sentAfter = 0, answeredAfter = 0;
        var rounds = 0;
        world.Simulation.Spawn("client", async () =>
        {
            var connection = await a.Network.ConnectAsync(new IPEndPoint(b.Address!, Port));
            for (var round = 0; round < 30; round++)
            {
                if (round == 10)
                {
                    (sentBefore, answeredBefore) = (Sent(world, a, b).Packets, Sent(world, b, a).Packets);
                }

                await connection.SendAsync(new byte[100]);
                await connection.ReceiveAsync();
                rounds++;
            }

            (sentAfter, answeredAfter) = (Sent(world, a, b).Packets, Sent(world, b, a).Packets);
        });

        world.Run(1);

        // Rounds 10-29: one request and one answer each, no ACK on its own in either direction;
        // the last answer's ACK then goes alone, 40 ms later.
        Assert.Equal(30, rounds);
        Assert.Equal(20, sentAfter - sentBefore);
        Assert.Equal(20, answeredAfter - answeredBefore);
        Assert.Equal(sentAfter + 1, Sent(world, a, b).Packets);
    }

    [Fact]
    public void A_message_nobody_answers_is_acknowledged_on_its_own_within_40_ms()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        Echo(b);
        IMessageConnection? connection = null;
        world.Simulation.Spawn("client", async () =>
        {
            connection = await a.Network.ConnectAsync(new IPEndPoint(b.Address!, Port));
            for (var round = 0; round < 20; round++)
            {
                await connection.SendAsync(new byte[100]);
                await connection.ReceiveAsync();
            }
        });
        world.Run(1);

        // The server answers what it hears; a message it does not answer (an empty one is not echoed) waits for the timer.
        var before = Sent(world, b, a).Packets;
        world.Simulation.Spawn("lone", async () => await connection!.SendAsync(ReadOnlyMemory<byte>.Empty));
        world.Run(0.039);
        var within39 = Sent(world, b, a).Packets;
        world.Run(0.003);

        Assert.Equal(before, within39);
        Assert.Equal(before + 1, Sent(world, b, a).Packets);
    }

    [Fact]
    public void A_bulk_transfer_is_acknowledged_every_second_full_segment()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        Echo(b);
        world.Simulation.Spawn("client", async () =>
        {
            var connection = await a.Network.ConnectAsync(new IPEndPoint(b.Address!, Port));
            await connection.SendAsync(new byte[100]); // one exchange first: the server now answers what it hears
            await connection.ReceiveAsync();
            await connection.SendAsync(new byte[200_000]);
        });

        world.Run(2);

        var data = Sent(world, a, b).Packets;
        var acks = Sent(world, b, a).Packets;
        // About 140 full segments: ACKed about every second one (the first 16 at once while the connection is new).
        Assert.InRange(data, 140, 150);
        Assert.InRange(acks, 70 + 4, 70 + 16 + 4);
    }

    private static TrafficCount Sent(TestWorld world, SimHost from, SimHost to) =>
        world.Network.Traffic.Peer(from, to, TrafficKind.Stream, TrafficDirection.Sent);

    // Answers every non-empty message of up to 1 KB with one of the same size at once.
    private static void Echo(SimHost host) =>
        host.Spawn("echo", async lifetime =>
        {
            var listener = await host.Network.ListenAsync(new IPEndPoint(IPAddress.Any, Port), lifetime);
            while (true)
            {
                var connection = await listener.AcceptAsync(lifetime);
                _ = host.Spawn("connection", async _ =>
                {
                    while (await connection.ReceiveAsync(lifetime) is { } message)
                    {
                        if (message.Length is > 0 and <= 1024)
                        {
                            await connection.SendAsync(message.ToArray(), lifetime);
                        }
                    }
                });
            }
        });
}
