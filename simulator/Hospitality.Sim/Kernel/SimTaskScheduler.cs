namespace Hospitality.Sim.Kernel;

/// <summary>
/// Runs tasks started on it (<c>TaskFactory.StartNew</c>, <c>ContinueWith</c>) through the same
/// run queue as posted continuations. It never inlines, so ordering never depends on chance.
/// </summary>
internal sealed class SimTaskScheduler(Simulation simulation) : TaskScheduler
{
    private static readonly SendOrPostCallback Execute = state =>
    {
        var (scheduler, task) = ((SimTaskScheduler, Task))state!;
        scheduler.TryExecuteTask(task);
    };

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task) => simulation.Post(Execute, (this, task));

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => [];
}
