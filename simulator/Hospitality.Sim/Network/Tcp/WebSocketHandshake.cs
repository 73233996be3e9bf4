using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// The HTTP/1.1 upgrade that opens every hotel-node WebSocket (RFC 6455 section 4), with the headers
/// .NET's ClientWebSocket sends and Kestrel answers (captured on loopback: 172 bytes up with a 15-character
/// host, 183 down). The client sends its request once TCP is established and may send frames once the
/// 101 answer is read: one round trip more than a bare TCP connection. The server answers once the request
/// is whole. Each side checks what it reads; bytes after the blank line are the first frames.
/// </summary>
internal sealed class WebSocketHandshake
{
    /// <summary>Where hotel-node serves the replication protocol (signaling's <c>/signaling</c> is 9 bytes shorter).</summary>
    public const string Path = "/api/replication/ws";

    /// <summary>The most an upgrade request or answer may carry before its blank line.</summary>
    public const int MaxHeadBytes = 8 * 1024;

    private const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC175B7";

    private readonly bool _client;
    private readonly byte[] _head = new byte[MaxHeadBytes];
    private int _headCount;
    private string? _key;

    public WebSocketHandshake(bool client) => _client = client;

    /// <summary>The client's request to <paramref name="server"/>, its key drawn from <paramref name="keySeed"/> (no randomness: the key's value changes nothing).</summary>
    public byte[] Request(IPEndPoint server, ulong keySeed)
    {
        Span<byte> key = stackalloc byte[16];
        BitConverter.TryWriteBytes(key, keySeed);
        BitConverter.TryWriteBytes(key[8..], ~keySeed);
        _key = Convert.ToBase64String(key);
        return Encoding.ASCII.GetBytes(
            $"GET {Path} HTTP/1.1\r\nHost: {server}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: {_key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
    }

    /// <summary>
    /// Reads the peer's request (server) or answer (client) from <paramref name="bytes"/>: null while its
    /// head is not whole, else the outcome, with the bytes after it in <paramref name="rest"/>.
    /// </summary>
    public HandshakeOutcome? Read(ReadOnlyMemory<byte> bytes, DateTimeOffset now, out ReadOnlyMemory<byte> rest)
    {
        rest = ReadOnlyMemory<byte>.Empty;
        var seen = Math.Max(0, _headCount - 3);
        var take = Math.Min(bytes.Length, MaxHeadBytes - _headCount);
        bytes.Span[..take].CopyTo(_head.AsSpan(_headCount));
        _headCount += take;
        var end = _head.AsSpan(seen, _headCount - seen).IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return _headCount == MaxHeadBytes
                ? HandshakeOutcome.Failed($"the WebSocket upgrade's head is longer than {MaxHeadBytes} bytes")
                : null;
        }

        var headLength = seen + end + 4;
        rest = bytes[(take - (_headCount - headLength))..];
        var lines = Encoding.ASCII.GetString(_head, 0, headLength - 4).Split("\r\n");
        return _client ? ReadAnswer(lines) : ReadRequest(lines, now);
    }

    private HandshakeOutcome ReadRequest(string[] lines, DateTimeOffset now)
    {
        if (!lines[0].StartsWith("GET ", StringComparison.Ordinal) || !lines[0].EndsWith(" HTTP/1.1", StringComparison.Ordinal))
        {
            return HandshakeOutcome.Failed($"the WebSocket upgrade must be an HTTP/1.1 GET; got '{lines[0]}'");
        }

        if (!string.Equals(Header(lines, "Upgrade"), "websocket", StringComparison.OrdinalIgnoreCase) || Header(lines, "Sec-WebSocket-Version") != "13")
        {
            return HandshakeOutcome.Failed("the request does not upgrade to WebSocket version 13");
        }

        if (Header(lines, "Sec-WebSocket-Key") is not { Length: 24 } key)
        {
            return HandshakeOutcome.Failed("the upgrade carries no 16-byte Sec-WebSocket-Key");
        }

        var date = now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        return HandshakeOutcome.Open(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nDate: {date}\r\nServer: Kestrel\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: {Accept(key)}\r\n\r\n"));
    }

    private HandshakeOutcome ReadAnswer(string[] lines)
    {
        if (!lines[0].StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal))
        {
            return HandshakeOutcome.Failed($"the server did not switch to WebSocket: '{lines[0]}'");
        }

        return Header(lines, "Sec-WebSocket-Accept") == Accept(_key!)
            ? HandshakeOutcome.Open(null)
            : HandshakeOutcome.Failed("the server's Sec-WebSocket-Accept does not answer our key");
    }

    private static string? Header(string[] lines, string name)
    {
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string Accept(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + KeyGuid)));
}
