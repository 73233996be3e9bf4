namespace Hospitality.Sim.Kernel;

/// <summary>
/// Something the kernel fires at a due instant. Implementations are long-lived objects (a timer, a
/// link) so scheduling allocates nothing; <c>argument</c> tells them which of their events fired.
/// </summary>
internal interface IKernelEvent
{
    /// <summary>Identifies the kind of event in the trace hash.</summary>
    int TraceKind { get; }

    void Fire(long argument);
}
