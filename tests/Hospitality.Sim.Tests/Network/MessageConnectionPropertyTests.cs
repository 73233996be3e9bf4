using System.Net;
using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Network;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Network;

public sealed class MessageConnectionPropertyTests
{
    /// <summary>
    /// Whatever the path does (loss up to 14 % per hop, duplication, reordering, jitter, a slow
    /// link with a small queue), a connection delivers every message once, in order, uncorrupted.
    /// </summary>
    [Property(MaxTest = 100)]
    public bool Any_path_delivers_every_message_once_in_order(ulong seed, byte lossPercent, byte dupPercent, byte reorderPercent, PositiveInt[] sizes)
    {
        var profile = TestWorld.Clean("random", 5_000_000) with
        {
            LossRate = lossPercent % 15 / 100.0,
            DuplicationRate = dupPercent % 10 / 100.0,
            ReorderRate = reorderPercent % 20 / 100.0,
            Jitter = TimeSpan.FromMilliseconds(seed % 5),
            QueueLimitBytes = 64 * 1024,
        };
        var world = new TestWorld(seed);
        var a = world.Host("a", world.BuildingA, profile);
        var b = world.Host("b", world.BuildingB, profile);
        var messages = sizes.Take(60).Select((size, index) => Message(index, size.Get % 20_000)).ToList();
        var received = new List<byte[]>();
        ConnectionFailure? failure = null;
        b.Spawn("server", async lifetime =>
        {
            var listener = await b.Network.ListenAsync(new IPEndPoint(IPAddress.Any, 443), lifetime);
            var connection = await listener.AcceptAsync(lifetime);
            while (await connection.ReceiveAsync(lifetime) is { } message)
            {
                received.Add(message.ToArray());
            }
        });
        a.Spawn("client", async _ =>
        {
            try
            {
                var connection = await a.Network.ConnectAsync(TestWorld.At(b, 443));
                foreach (var message in messages)
                {
                    await connection.SendAsync(message);
                }

                await connection.CloseAsync();
            }
            catch (NetworkConnectionException exception)
            {
                failure = exception.Failure;
            }
        });

        world.Run(600);

        var inOrderPrefix = received.Count <= messages.Count && received.Zip(messages).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));
        return inOrderPrefix && received.Count == messages.Count && failure is null;
    }

    private static byte[] Message(int index, int size)
    {
        var message = new byte[4 + size];
        BitConverter.TryWriteBytes(message, index);
        for (var i = 4; i < message.Length; i++)
        {
            message[i] = (byte)(index + i);
        }

        return message;
    }
}
