using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Hospitality.Sync.Hosting.Signaling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hospitality.Benchmarks;

/// <summary>
/// The signaling server on Kestrel under load on loopback: <c>peers</c> WebSocket clients in
/// <c>rooms</c> rooms join, then each sends <c>messages</c> candidates to its room's next peer.
/// Prints join time, relayed messages per second and the server process's memory.
/// </summary>
public static class SignalingLoadFigures
{
    public static async Task<int> RunAsync(int peers, int rooms, int messages)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.UseWebSockets();
        var server = app.MapSignaling();
        await app.StartAsync();
        var uri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("http://", "ws://", StringComparison.Ordinal) + "/signaling");
        var memoryBefore = Process.GetCurrentProcess().WorkingSet64;

        var joining = Stopwatch.StartNew();
        var sockets = new ClientWebSocket[peers];
        for (var i = 0; i < peers; i++)
        {
            sockets[i] = new ClientWebSocket();
            await sockets[i].ConnectAsync(uri, CancellationToken.None);
            await Send(sockets[i], $$"""{"type":"join","propertyId":"hotel-{{i % rooms}}","deviceId":"device-{{i}}"}""");
        }

        var received = new long[peers];
        var readers = sockets.Select((socket, i) => Task.Run(() => ReadAsync(socket, i, received))).ToArray();
        while (server.GetStats().TotalPeers < peers)
        {
            await Task.Delay(10);
        }

        joining.Stop();
        GC.Collect();
        var memoryJoined = Process.GetCurrentProcess().WorkingSet64;
        var relayedBefore = server.MessagesRelayed;
        var relaying = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, peers).Select(i => Task.Run(async () =>
        {
            var to = (i + rooms) % peers;
            for (var m = 0; m < messages; m++)
            {
                await Send(sockets[i], $$"""{"type":"ice-candidate","to":"device-{{to}}","candidate":"candidate:{{m}} 1 udp 2122260223 10.0.{{i % 250}}.{{m % 250}} 50000 typ host"}""");
            }
        })));
        var deadline = Stopwatch.StartNew();
        while (server.MessagesRelayed + server.MessagesRefused - relayedBefore < (long)peers * messages && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(5);
        }

        relaying.Stop();
        var relayed = server.MessagesRelayed - relayedBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"signaling on Kestrel, loopback: {peers} peers in {rooms} rooms joined in {joining.Elapsed.TotalSeconds:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"relayed {relayed} of {(long)peers * messages} candidates ({server.MessagesRefused} refused) in {relaying.Elapsed.TotalSeconds:0.00} s: {relayed / relaying.Elapsed.TotalSeconds:0} messages/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"process working set: {memoryBefore / 1048576.0:0} MiB before, {memoryJoined / 1048576.0:0} MiB with every peer joined (clients in the same process)"));
        foreach (var socket in sockets)
        {
            socket.Abort();
        }

        await app.StopAsync();
        return relayed == (long)peers * messages ? 0 : 1;
    }

    private static Task Send(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task ReadAsync(ClientWebSocket socket, int index, long[] received)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                Interlocked.Increment(ref received[index]);
            }
        }
        catch (WebSocketException)
        {
        }
    }
}
