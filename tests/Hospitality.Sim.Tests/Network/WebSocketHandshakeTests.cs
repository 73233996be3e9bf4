using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Network.Tcp;

namespace Hospitality.Sim.Tests.Network;

public sealed class WebSocketHandshakeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 21, 35, 53, TimeSpan.Zero);
    private static readonly IPEndPoint Server = new(IPAddress.Loopback, 18088);

    [Fact]
    public void The_upgrade_is_as_long_as_dotnets_request_and_kestrels_answer()
    {
        // Captured on loopback from .NET's ClientWebSocket to 127.0.0.1:18088 and Kestrel's answer.
        var client = new WebSocketHandshake(client: true);
        var request = client.Request(Server, 42);
        var answer = new WebSocketHandshake(client: false).Read(request, Now, out var rest);

        Assert.Equal(172, request.Length);
        Assert.True(answer!.Value.IsOpen);
        Assert.Equal(183, answer.Value.Answer!.Length);
        Assert.Contains("Date: Mon, 07 Dec 2026 21:35:53 GMT\r\n", Encoding.ASCII.GetString(answer.Value.Answer));
        Assert.True(rest.IsEmpty);
        Assert.Equal(HandshakeOutcome.Open(null), client.Read(answer.Value.Answer, Now, out _));
    }

    [Property(MaxTest = 200)]
    public bool The_head_may_be_cut_anywhere_and_the_first_frames_follow_it(PositiveInt[] chunkSizes)
    {
        var client = new WebSocketHandshake(client: true);
        byte[] frames = [0x82, 0x80, 0, 0, 0, 0];
        byte[] stream = [.. client.Request(Server, 7), .. frames];
        var server = new WebSocketHandshake(client: false);
        HandshakeOutcome? outcome = null;
        var after = new List<byte>();
        var offset = 0;
        var cut = 0;
        while (offset < stream.Length)
        {
            var size = Math.Min(stream.Length - offset, chunkSizes.Length == 0 ? stream.Length : chunkSizes[cut++ % chunkSizes.Length].Get);
            var chunk = stream.AsMemory(offset, size);
            if (outcome is null)
            {
                outcome = server.Read(chunk, Now, out var rest);
                after.AddRange(rest.ToArray());
            }
            else
            {
                after.AddRange(chunk.ToArray());
            }

            offset += size;
        }

        return outcome is { IsOpen: true } && after.SequenceEqual(frames);
    }

    [Theory]
    [InlineData("POST /api/replication/ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", "the WebSocket upgrade must be an HTTP/1.1 GET; got 'POST /api/replication/ws HTTP/1.1'")]
    [InlineData("GET /api/replication/ws HTTP/1.1\r\nUpgrade: h2c\r\nSec-WebSocket-Version: 13\r\n\r\n", "the request does not upgrade to WebSocket version 13")]
    [InlineData("GET /api/replication/ws HTTP/1.1\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n", "the upgrade carries no 16-byte Sec-WebSocket-Key")]
    public void A_server_refuses_a_request_that_is_no_websocket_upgrade(string request, string expected)
    {
        var outcome = new WebSocketHandshake(client: false).Read(Encoding.ASCII.GetBytes(request), Now, out _);

        Assert.Equal(HandshakeOutcome.Failed(expected), outcome);
    }

    [Fact]
    public void A_client_refuses_an_answer_that_does_not_switch_or_answers_another_key()
    {
        var client = new WebSocketHandshake(client: true);
        client.Request(Server, 1);
        var otherAnswer = new WebSocketHandshake(client: false).Read(new WebSocketHandshake(client: true).Request(Server, 2), Now, out _)!.Value.Answer!;

        Assert.Equal(HandshakeOutcome.Failed("the server's Sec-WebSocket-Accept does not answer our key"), client.Read(otherAnswer, Now, out _));
        Assert.Equal(
            HandshakeOutcome.Failed("the server did not switch to WebSocket: 'HTTP/1.1 404 Not Found'"),
            new WebSocketHandshake(client: true).Read("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), Now, out _));
    }

    [Fact]
    public void A_head_without_its_blank_line_is_refused_once_it_passes_the_limit()
    {
        var server = new WebSocketHandshake(client: false);
        var line = Encoding.ASCII.GetBytes("X-Filler: " + new string('a', 1000) + "\r\n");

        HandshakeOutcome? outcome = null;
        for (var i = 0; i < 20 && outcome is null; i++)
        {
            outcome = server.Read(line, Now, out _);
        }

        Assert.Equal(HandshakeOutcome.Failed($"the WebSocket upgrade's head is longer than {WebSocketHandshake.MaxHeadBytes} bytes"), outcome);
    }
}
