namespace Hospitality.Sim.Kernel;

/// <summary>
/// The context every simulated continuation runs on: <c>Post</c> appends to the kernel's run
/// queue, so awaits resume in an order the kernel decides. A post from any other thread is an
/// escape and fails the run.
/// </summary>
internal sealed class SimSynchronizationContext(Simulation simulation) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => simulation.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send would block the single simulation thread.");

    public override SynchronizationContext CreateCopy() => this;
}
