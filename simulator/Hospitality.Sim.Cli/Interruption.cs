namespace Hospitality.Sim.Cli;

/// <summary>
/// Ctrl+C. A command that checks <see cref="Token"/> (a run checks it between slices of virtual
/// time) calls <see cref="Cooperate"/>: the first press then asks it to stop at its next check, so it
/// restores the terminal and leaves no half-written file, and a second press ends the process at
/// once. Any other command ends at the first press, with a word on stderr.
/// </summary>
internal static class Interruption
{
    private static readonly CancellationTokenSource Source = new();
    private static volatile bool s_cooperating;

    public static CancellationToken Token => Source.Token;

    public static bool Requested => Source.IsCancellationRequested;

    public static void Listen() => Console.CancelKeyPress += (_, press) =>
    {
        press.Cancel = s_cooperating && !Source.IsCancellationRequested;
        if (!press.Cancel)
        {
            Console.Error.WriteLine("hsim: interrupted");
        }

        Source.Cancel();
    };

    /// <summary>The running command checks <see cref="Token"/> often enough to stop soon after Ctrl+C.</summary>
    public static void Cooperate() => s_cooperating = true;
}
