namespace Hospitality.Sync.RunLoop;

/// <summary>
/// Always-on check that an object's state is touched on one run loop only (the engine holds no locks:
/// a node's loop in production, the kernel in the simulator). Bound to the thread that starts the object,
/// whose <see cref="SynchronizationContext"/> brings its awaits back there. Work arriving on another thread
/// (DTLS events not posted to the loop, a real timer's callback, a continuation on the thread pool) is refused
/// before it changes anything: thrown there (on a thread of its own that ends the process, as an assertion should)
/// and remembered, because a throw inside a fire-and-forget task goes unobserved; the owner reports
/// <see cref="Violation"/> when it is disposed.
/// </summary>
internal sealed class RunLoopAffinity(string owner)
{
    private int _thread;
    private string? _violation;

    /// <summary>The first work refused for arriving off the loop, or null.</summary>
    public string? Violation => Volatile.Read(ref _violation);

    /// <summary>Binds to the calling thread, the loop; a later call must come from it.</summary>
    public void Bind()
    {
        if (_thread != 0)
        {
            Check("a restart");
            return;
        }

        if (SynchronizationContext.Current is null)
        {
            throw new InvalidOperationException($"{owner} runs on a run loop: start it where a SynchronizationContext brings every await back to one thread (a node's run loop, the simulator's kernel), not on the thread pool.");
        }

        _thread = Environment.CurrentManagedThreadId;
    }

    /// <summary>Binds to the calling thread, loop or not: for an object owned from birth (a replica, made on its node's loop).</summary>
    public void BindHere() => _thread = Environment.CurrentManagedThreadId;

    /// <summary>Throws (and remembers) unless called on the loop it is bound to; before binding anything goes.</summary>
    public void Check(string what)
    {
        var thread = Environment.CurrentManagedThreadId;
        if (_thread == 0 || thread == _thread)
        {
            return;
        }

        var violation = $"{owner}: {what} arrived on thread {thread}, not on its run loop's thread {_thread}. " +
            "Whatever raised it must post to the loop (a node's OnLoopAsync, a DTLS factory given the loop's context; no ConfigureAwait(false), Task.Run or real timer callbacks).";
        Interlocked.CompareExchange(ref _violation, violation, null);
        throw new InvalidOperationException(violation);
    }
}
