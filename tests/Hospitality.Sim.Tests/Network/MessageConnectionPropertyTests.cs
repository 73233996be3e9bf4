using System.Net;
using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Network;
using Hospitality.Sim.Network.Tcp;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Network;

public sealed class MessageConnectionPropertyTests
{
    /// <summary>
    /// Over a path with up to 5 % loss per hop, duplication, reordering and jitter, on a slow link
    /// with a small queue, a connection delivers every message once, in order, and closes cleanly.
    /// The user timeout is long here: giving up is tested elsewhere, and a rare run of losses must
    /// not make this property flaky.
    /// </summary>
    [Property(MaxTest = 100)]
    public bool Moderate_loss_delivers_every_message_once_in_order(ulong seed, byte lossPercent, byte dupPercent, byte reorderPercent, PositiveInt[] sizes)
    {
        var outcome = Transfer(seed, lossPercent % 6 / 100.0, dupPercent % 6 / 100.0, reorderPercent % 21 / 100.0, sizes, TimeSpan.FromMinutes(10));
        return outcome.InOrderPrefix && outcome.Complete && outcome.Closure is { IsGraceful: true };
    }

    /// <summary>
    /// Under heavy loss (up to 30 % per hop) a connection may crawl or give up, but what arrived is
    /// always an in-order prefix of what was sent, and a graceful close means all of it arrived.
    /// </summary>
    [Property(MaxTest = 60)]
    public bool Heavy_loss_never_corrupts_the_stream(ulong seed, byte lossPercent, PositiveInt[] sizes)
    {
        var outcome = Transfer(seed, lossPercent % 31 / 100.0, 0.02, 0.05, sizes, TimeSpan.FromSeconds(30));
        return outcome.InOrderPrefix && (outcome.Complete || outcome.Closure is not { IsGraceful: true });
    }

    [Fact]
    public void A_server_whose_upgrade_answer_goes_unacknowledged_under_heavy_loss_times_out_quietly() =>
        Assert.True(Heavy_loss_never_corrupts_the_stream(14, 90, []));

    private static (bool InOrderPrefix, bool Complete, ConnectionClosure? Closure) Transfer(ulong seed, double loss, double duplication, double reorder, PositiveInt[] sizes, TimeSpan userTimeout)
    {
        var profile = TestWorld.Clean("random", 5_000_000) with
        {
            LossRate = loss,
            DuplicationRate = duplication,
            ReorderRate = reorder,
            Jitter = TimeSpan.FromMilliseconds(seed % 5),
            QueueLimitBytes = 64 * 1024,
        };
        var world = new TestWorld(seed, new TcpOptions { UserTimeout = userTimeout });
        var a = world.Host("a", world.BuildingA, profile);
        var b = world.Host("b", world.BuildingB, profile);
        var messages = sizes.Take(60).Select((size, index) => Message(index, size.Get % 20_000)).ToList();
        var received = new List<byte[]>();
        b.Spawn("server", async lifetime =>
        {
            var listener = await b.Network.ListenAsync(new IPEndPoint(IPAddress.Any, 443), lifetime);
            var connection = await listener.AcceptAsync(lifetime);
            try
            {
                while (await connection.ReceiveAsync(lifetime) is { } message)
                {
                    received.Add(message.ToArray());
                }
            }
            catch (NetworkConnectionException)
            {
                // The server sends too (the WebSocket upgrade's answer), so under heavy loss its side may time out as well.
                return;
            }

            await connection.CloseAsync();
        });
        Task<ConnectionClosure>? closed = null;
        a.Spawn("client", async _ =>
        {
            IMessageConnection connection;
            try
            {
                connection = await a.Network.ConnectAsync(TestWorld.At(b, 443));
            }
            catch (NetworkConnectionException exception)
            {
                closed = Task.FromResult(new ConnectionClosure(exception.Failure));
                return;
            }

            closed = connection.Closed;
            foreach (var message in messages)
            {
                await connection.SendAsync(message);
            }

            await connection.CloseAsync();
        });

        world.Run(1800);

        var inOrderPrefix = received.Count <= messages.Count && received.Zip(messages).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));
        return (inOrderPrefix, received.Count == messages.Count, closed is { IsCompleted: true } ? closed.Result : null);
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
