using System.Net;
using System.Net.Sockets;
using Hospitality.Sync.Node;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>One hotel-node, run in this process exactly as its Main runs it, until stopped (Ctrl+C's path).</summary>
internal sealed class HotelNodeProcess : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<Uri> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HotelNodeProcess(string[] args) => Exited = Task.Run(async () =>
    {
        var code = await HotelNodeApp.RunAsync(args, _started.SetResult, _stop.Token);
        _started.TrySetException(new InvalidOperationException($"hotel-node exited with {code} before it started"));
        return code;
    });

    public Task<int> Exited { get; }

    public Uri Address { get; private set; } = null!;

    public static async Task<HotelNodeProcess> StartAsync(params string[] args)
    {
        var node = new HotelNodeProcess(args);
        node.Address = await node._started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return node;
    }

    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Exited.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
