using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hospitality.Sim.Cli.Live;
using Hospitality.Sim.Network;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>
/// hsim live's relay, on loopback: every byte arrives once and in order, and no chunk leaves before its
/// path's delay has passed since the kernel received it, each way. Its delay counts from the kernel's
/// arrival stamp, so a wrong stamp would send chunks early; a missing one would show as no read lateness.
/// Every chunk is recorded, both ways, for hsim live's relay-chunks.tsv.
/// </summary>
public sealed class DelayRelayTests
{
    private static readonly LinkProfile Fixed = new() { Name = "fixed-15ms", BaseLatency = TimeSpan.FromMilliseconds(15) };

    [Fact]
    public async Task Every_byte_arrives_in_order_and_none_before_the_path_delay_each_way()
    {
        using var echo = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        echo.Listen(1);
        var echoing = Task.Run(() =>
        {
            using var peer = echo.Accept();
            var buffer = new byte[4096];
            int read;
            while ((read = peer.Receive(buffer)) > 0)
            {
                peer.Send(buffer, 0, read, SocketFlags.None);
            }
        });

        await using var relay = new DelayRelay("client to echo", IPAddress.Loopback, (IPEndPoint)echo.LocalEndPoint!, [Fixed], seed: 1);
        relay.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, relay.Port));

        var roundTrips = new List<TimeSpan>();
        var bytesSent = 0;
        for (var message = 0; message < 20; message++)
        {
            var sent = Enumerable.Range(0, 1 + (message * 97)).Select(i => (byte)(i + message)).ToArray();
            var started = Stopwatch.GetTimestamp();
            client.Send(sent);
            bytesSent += sent.Length;
            var received = new byte[sent.Length];
            var got = 0;
            while (got < received.Length)
            {
                got += await client.ReceiveAsync(received.AsMemory(got), SocketFlags.None);
            }

            roundTrips.Add(Stopwatch.GetElapsedTime(started));
            Assert.Equal(sent, received);
        }

        client.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await client.ReceiveAsync(new byte[1], SocketFlags.None));
        await echoing;

        Assert.All(roundTrips, roundTrip => Assert.True(roundTrip >= 2 * Fixed.BaseLatency, $"a round trip took {roundTrip.TotalMilliseconds:0.000} ms, under twice the path's {Fixed.BaseLatency.TotalMilliseconds} ms"));
        Assert.All(relay.Lateness, late => Assert.True(late >= 0));
        var chunks = relay.Chunks;
        Assert.Equal(bytesSent, chunks.Where(chunk => chunk.Up).Sum(chunk => chunk.Bytes));
        Assert.Equal(bytesSent, chunks.Where(chunk => !chunk.Up).Sum(chunk => chunk.Bytes));
        Assert.All(chunks, chunk => Assert.True(chunk.DueTimestamp - chunk.ArrivedTimestamp >= (long)(chunk.DrawnMs / 1000 * Stopwatch.Frequency), "a chunk is due no sooner than its drawn delay after it arrived"));
        if (OperatingSystem.IsLinux())
        {
            Assert.Contains(chunks, chunk => chunk.ReadLateMs > 0);

            // Each way counted once, where its sender's segments arrive: the payload both ways and 52 bytes per
            // segment of the client's and the echo's, at least one each per message and the handshake's.
            // The kernel counts each side's FIN as one byte received.
            var headers = relay.WireBytes - (2L * bytesSent);
            Assert.InRange(headers % 52, 0, 2);
            Assert.InRange(headers / 52, 2 * 20 + 3, 4 * 20 + 10);
        }
    }
}
