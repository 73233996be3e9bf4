namespace Hospitality.Sim.Kernel;

/// <summary>
/// Names one timer's entry on the event queue, so its owner can move or cancel it. A ticket whose entry
/// fired or was cancelled is spent (its slot's version moved on); the default ticket names nothing.
/// </summary>
internal readonly record struct TimerTicket(int Slot, int Version)
{
    public bool IsIssued => Version != 0;
}
