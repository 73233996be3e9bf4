namespace Hospitality.Sim.Cli;

/// <summary>The exit codes of every hsim command, defined once and listed in <c>hsim --help</c> and the README.</summary>
internal static class ExitCode
{
    public const int Ok = 0;

    /// <summary>The command ran and what it checked failed: a target, convergence, a trial, a comparison, a stale README.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: a file, option or value that is not allowed, or a file that cannot be read or written; nothing ran.</summary>
    public const int BadInput = 2;

    /// <summary><c>repro</c> replayed a run and its trace hash differs from the recorded one: determinism is broken.</summary>
    public const int ReplayDiffers = 3;

    /// <summary>A bug in hsim itself (an unexpected exception); the message says what to report.</summary>
    public const int InternalError = 70;

    /// <summary>Ctrl+C: the run stopped cleanly and wrote nothing (128 + SIGINT, as shells expect).</summary>
    public const int Interrupted = 130;

    public static readonly string Legend = string.Join(Environment.NewLine,
        "Exit codes:",
        "  0    ok",
        "  1    a run, check or comparison failed what it checks",
        "  2    bad input (file, option or value; the message names it and what is allowed); nothing ran",
        "  3    repro: the replayed trace differs from the recorded one",
        "  70   internal error in hsim (a bug; please report it)",
        "  130  interrupted (Ctrl+C); no file left half-written");
}
