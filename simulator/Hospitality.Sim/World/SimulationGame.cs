using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.World;

/// <summary>
/// A MonoGame-style host for a simulated world: <see cref="Initialize"/> once, a fixed-step
/// <see cref="Update"/>, and <see cref="Draw"/> to record frames. Each step is an ordinary kernel
/// event, so network and timer events between two steps still run at their exact instants; the
/// step only paces agent behaviour (staff walking out of Wi-Fi, devices sleeping) and sampling.
/// </summary>
public class SimulationGame : IKernelEvent
{
    private readonly List<IGameComponent> _components = [];
    private readonly SendOrPostCallback _step;
    private bool _initialized;

    // The components whose Update does something, in the order they were added: chosen as the game starts.
    private IGameComponent[] _updated = [];

    public SimulationGame(Simulation simulation, TimeSpan step, int drawEvery = 10, int frameCapacity = FrameLog.DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(drawEvery);
        Simulation = simulation;
        Step = step;
        DrawEvery = drawEvery;
        Frames = new FrameLog(simulation, drawEvery, frameCapacity);
        _step = _ => RunStep();
    }

    public Simulation Simulation { get; }

    /// <summary>The fixed update step.</summary>
    public TimeSpan Step { get; }

    /// <summary>Draw once every this many updates at first; less often as the frame log decimates.</summary>
    public int DrawEvery { get; }

    public FrameLog Frames { get; }

    public IReadOnlyList<IGameComponent> Components => _components;

    /// <summary>Updates run so far.</summary>
    public long Updates { get; private set; }

    int IKernelEvent.TraceKind => TraceKinds.Action;

    public void Add(IGameComponent component)
    {
        Invariant.Holds(!_initialized, "components are added before the game starts");
        _components.Add(component);
    }

    /// <summary>Initializes (once), then runs the world for <paramref name="duration"/> of virtual time.</summary>
    public RunOutcome Run(TimeSpan duration)
    {
        if (!_initialized)
        {
            _initialized = true;
            _updated = [.. _components.Where(component => component.UpdatesEachStep)];
            Simulation.Context.Post(_ => Initialize(), null);
            Simulation.Schedule(Simulation.Now.Ticks + Step.Ticks, this, 0);
        }

        return Simulation.RunUntil(Simulation.Now + duration);
    }

    void IKernelEvent.Fire(long argument)
    {
        Simulation.Schedule(Simulation.Now.Ticks + Step.Ticks, this, 0);

        // Updates run on the run queue, with the simulation's context, so async work they start stays inside.
        Simulation.Post(_step, null);
    }

    protected virtual void Initialize()
    {
        foreach (var component in _components)
        {
            component.Initialize(this);
        }
    }

    protected virtual void Update(SimTime time)
    {
        foreach (var component in _updated)
        {
            component.Update(time);
        }
    }

    protected virtual void Draw(FrameLog frames)
    {
        foreach (var component in _components)
        {
            component.Draw(frames);
        }
    }

    private void RunStep()
    {
        Updates++;
        Update(Simulation.Now);
        if (Frames.Wants(Updates))
        {
            Frames.Open(Updates);
            Draw(Frames);
            Frames.Close();
        }
    }
}
