namespace Hospitality.Sync.Tests.Clock;

/// <summary>
/// One step of a world of nodes with skewed physical clocks. The step kinds are one closed family,
/// kept together so a counterexample reads as a script.
/// </summary>
public abstract record ClockStep;

/// <summary>True time moves on; every node's physical clock moves with it.</summary>
public sealed record Elapse(int Milliseconds) : ClockStep;

/// <summary>A node's physical clock is set to a new offset from true time: a step forward or back.</summary>
public sealed record SetOffset(int Node, int OffsetMilliseconds) : ClockStep;

/// <summary>A node stamps a local event.</summary>
public sealed record LocalEvent(int Node) : ClockStep;

/// <summary>A node sends a fresh stamp and another node observes it at once.</summary>
public sealed record Send(int From, int To) : ClockStep;

/// <summary>A node observes a stamp sent earlier, delivered late and out of order.</summary>
public sealed record DeliverLate(int To, int SentIndex) : ClockStep;
