using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;

namespace Hospitality.Sim.Tests.Network;

public sealed class ReceiveWaiterTests
{
    [Fact]
    public void Completed_by_a_kernel_event_the_waiter_is_posted_as_a_task_continuation_would_be()
    {
        var expected = new[] { "completer continues", "resumed with 7", "completer continues", "resumed with 7" };

        Assert.Equal(expected, Order(fromKernelEvent: true, useTask: true).Concat(Order(fromKernelEvent: true, useTask: false)));
    }

    [Fact]
    public void Completed_on_the_kernels_context_the_waiter_runs_inline_as_a_task_continuation_would()
    {
        var expected = new[] { "resumed with 7", "completer continues", "resumed with 7", "completer continues" };

        Assert.Equal(expected, Order(fromKernelEvent: false, useTask: true).Concat(Order(fromKernelEvent: false, useTask: false)));
    }

    [Fact]
    public void A_cancelled_wait_throws_what_a_cancelled_task_throws_and_the_next_wait_can_start()
    {
        var simulation = new Simulation(1);
        var waiter = new ReceiveWaiter<int>();
        Exception? cancelled = null;
        int? next = null;
        simulation.Spawn("waiter", async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), simulation.Clock);
            cancelled = await Record.ExceptionAsync(async () => await waiter.Start(timeout.Token));
            next = await waiter.Start(CancellationToken.None);
        });
        simulation.At(SimTime.FromSeconds(2), () => waiter.SetResult(5));

        simulation.RunUntil(SimTime.FromSeconds(3));

        var canceled = Assert.IsType<TaskCanceledException>(cancelled);
        Assert.True(canceled.CancellationToken.IsCancellationRequested);
        Assert.Equal(5, next);
        Assert.False(waiter.IsWaiting);
    }

    [Fact]
    public void Completing_when_no_receive_waits_is_refused()
    {
        var waiter = new ReceiveWaiter<int>();
        _ = waiter.Start(CancellationToken.None);
        waiter.SetResult(1);

        Assert.Throws<InvalidOperationException>(() => waiter.SetResult(2));
        Assert.Throws<InvalidOperationException>(() => waiter.SetException(new InvalidOperationException("late")));
    }

    [Fact]
    public void A_second_wait_while_one_runs_is_refused()
    {
        var waiter = new ReceiveWaiter<int>();
        _ = waiter.Start(CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => waiter.Start(CancellationToken.None));
    }

    // Where the waiter resumes against the code that completed it, with a task or the reusable waiter.
    private static List<string> Order(bool fromKernelEvent, bool useTask)
    {
        var simulation = new Simulation(1);
        var log = new List<string>();
        var waiter = new ReceiveWaiter<int>();
        var source = new TaskCompletionSource<int>();
        simulation.Spawn("waiter", async () =>
        {
            var value = useTask ? await source.Task : await waiter.Start(CancellationToken.None);
            log.Add($"resumed with {value}");
        });

        void Complete()
        {
            if (useTask)
            {
                source.SetResult(7);
            }
            else
            {
                waiter.SetResult(7);
            }

            log.Add("completer continues");
        }

        if (fromKernelEvent)
        {
            // As a packet's arrival does: fired by the kernel itself, with no synchronization context.
            simulation.Schedule(SimTime.FromSeconds(1).Ticks, new KernelEvent(Complete), 0);
        }
        else
        {
            simulation.At(SimTime.FromSeconds(1), Complete);
        }

        simulation.RunUntil(SimTime.FromSeconds(2));
        return log;
    }

    private sealed class KernelEvent(Action fire) : IKernelEvent
    {
        public int TraceKind => TraceKinds.Action;

        public void Fire(long argument) => fire();
    }
}
