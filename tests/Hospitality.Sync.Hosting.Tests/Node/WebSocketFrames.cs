using System.Net.WebSockets;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>Reads whole messages from a node's WebSocket, as the node's own clients do.</summary>
internal static class WebSocketFrames
{
    /// <summary>The next whole message, or null when the node closed or aborted the connection.</summary>
    public static async Task<byte[]?> ReceiveAsync(ClientWebSocket socket, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        var buffer = new byte[1 << 20];
        var length = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    return buffer[..length];
                }
            }
        }
        catch (WebSocketException)
        {
            return null; // the node aborted this connection
        }
    }
}
