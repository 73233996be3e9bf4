using System.Net;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.RunLoop;

namespace Hospitality.Sync.Hosting.Tests.RunLoop;

public sealed class NodeRunLoopTests
{
    [Fact]
    public async Task Continuations_after_socket_and_timer_awaits_come_back_to_the_loop_thread()
    {
        using var loop = new NodeRunLoop("test");
        var onLoop = await loop.InvokeAsync(async () =>
        {
            var seen = new List<bool> { loop.IsCurrent };
            await Task.Delay(TimeSpan.FromMilliseconds(5));
            seen.Add(loop.IsCurrent);
            await using var listener = await OsNetwork.Instance.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0));
            var accepting = listener.AcceptAsync().AsTask();
            await using var client = await OsNetwork.Instance.ConnectAsync(listener.LocalEndPoint);
            await using var server = await accepting;
            seen.Add(loop.IsCurrent);
            await client.SendAsync(new byte[] { 1, 2, 3 });
            var received = await server.ReceiveAsync();
            seen.Add(loop.IsCurrent && received!.Value.Length == 3);
            return seen;
        });

        Assert.Equal([true, true, true, true], onLoop);
    }

    [Fact]
    public async Task Work_posted_from_many_threads_runs_one_at_a_time_in_order_per_poster()
    {
        using var loop = new NodeRunLoop("test");
        var inside = 0;
        var overlaps = 0;
        var counter = 0;
        var posts = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(
            () => Task.WhenAll(Enumerable.Range(0, 500).Select(_ => loop.InvokeAsync(() =>
            {
                overlaps += Interlocked.Increment(ref inside) > 1 ? 1 : 0;
                counter++; // unsynchronized on purpose: the loop is the only thread that runs it
                Interlocked.Decrement(ref inside);
                return counter;
            }))),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap());
        await Task.WhenAll(posts);

        Assert.Equal(0, overlaps);
        Assert.Equal(2_000, await loop.InvokeAsync(() => counter));
    }

    [Fact]
    public async Task An_exception_in_posted_work_reaches_the_caller_and_the_loop_keeps_running()
    {
        using var loop = new NodeRunLoop("test");
        await Assert.ThrowsAsync<InvalidOperationException>(() => loop.InvokeAsync(new Func<int>(() => throw new InvalidOperationException("boom"))));
        Assert.Equal(7, await loop.InvokeAsync(() => 7));
    }

    [Fact]
    public async Task A_continuation_that_holds_the_loop_is_reported_by_its_async_method_with_where_its_time_went()
    {
        var reported = new List<SlowTask>();
        using var loop = new NodeRunLoop("test", new SlowTaskWatch(TimeSpan.FromMilliseconds(20), reported.Add) { WithScheduler = true });
        await loop.InvokeAsync(() => HoldAfterYielding(TimeSpan.FromMilliseconds(40)));
        await loop.InvokeAsync(() => SpinAfterYielding(TimeSpan.FromMilliseconds(40)));
        await loop.InvokeAsync(() => 1); // runs after both, so their reports are in

        var held = await loop.InvokeAsync(() => reported.ToList());
        var sleeper = Assert.Single(held, slow => slow.Task == $"{nameof(NodeRunLoopTests)}.{nameof(HoldAfterYielding)}");
        var spinner = Assert.Single(held, slow => slow.Task == $"{nameof(NodeRunLoopTests)}.{nameof(SpinAfterYielding)}");
        Assert.All(new[] { sleeper, spinner }, slow => Assert.True(slow.Ran >= TimeSpan.FromMilliseconds(40) && slow.Loop == "test"));

        // A sleeping thread is off the CPU and not runnable; a spinning one is always one or the other.
        Assert.True(sleeper.Scheduled!.Value.OnCpu < sleeper.Ran / 2, $"{sleeper}");
        var spun = spinner.Scheduled!.Value;
        Assert.True(spun.OnCpu + spun.Runnable >= spinner.Ran * 0.8, $"{spinner}");
    }

    [Fact]
    public async Task Callbacks_quicker_than_the_threshold_are_not_reported()
    {
        var reported = 0;
        using var loop = new NodeRunLoop("test", new SlowTaskWatch(TimeSpan.FromSeconds(5), _ => reported++));
        for (var i = 0; i < 100; i++)
        {
            await loop.InvokeAsync(() => i);
        }

        Assert.Equal(0, await loop.InvokeAsync(() => reported));
    }

    private static async Task HoldAfterYielding(TimeSpan hold)
    {
        await Task.Yield();
        Thread.Sleep(hold);
    }

    private static async Task SpinAfterYielding(TimeSpan spin)
    {
        await Task.Yield();
        var until = DateTime.UtcNow + spin;
        while (DateTime.UtcNow < until)
        {
            Thread.SpinWait(100);
        }
    }
}
