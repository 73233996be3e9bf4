using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.World;

/// <summary>
/// The frames a run drew, for charts and the replay view, decimated so a run of any length keeps
/// at most <see cref="Capacity"/> of them: when one more would not fit, every second frame goes and
/// the game draws half as often, so the kept frames stay evenly spaced over the whole run.
/// </summary>
public sealed class FrameLog
{
    /// <summary>About two frames a minute of an hour's run, one every few minutes of a day's.</summary>
    public const int DefaultCapacity = 600;

    private readonly Simulation _simulation;
    private readonly List<Frame> _kept = [];
    private Frame? _open;

    public FrameLog(Simulation simulation, long period = 1, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(period);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _simulation = simulation;
        Period = period;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Updates between two kept frames: the game's draw interval, doubled at each decimation.</summary>
    public long Period { get; private set; }

    /// <summary>The frames kept, oldest first.</summary>
    public IReadOnlyList<Frame> Kept => _kept;

    /// <summary>How many times the game drew (decimated frames included).</summary>
    public int Frames { get; private set; }

    /// <summary>Records one value of a series in the frame being drawn.</summary>
    public void Record(string series, double value) => Current.Samples.Add(new FrameSample(_simulation.Now, series, value));

    public void Record(HostFrame host) => Current.Hosts.Add(host);

    public void Record(FlowFrame flow) => Current.Flows.Add(flow);

    public IEnumerable<FrameSample> Series(string series) => _kept.SelectMany(frame => frame.Samples).Where(sample => sample.Series == series);

    /// <summary>Whether the game should draw after this update.</summary>
    internal bool Wants(long update) => update % Period == 0;

    internal void Open(long update)
    {
        Invariant.Holds(_open is null && Wants(update), "a frame opens once, on an update the period wants");
        var previous = _kept.Count > 0 ? _kept[^1] : null;
        _open = new Frame(_simulation.Now, update, previous?.Hosts.Count ?? 0, previous?.Flows.Count ?? 0);
        Frames++;
    }

    internal void Close()
    {
        _kept.Add(Current);
        _open = null;
        if (_kept.Count > Capacity)
        {
            Period *= 2;
            _kept.RemoveAll(frame => frame.Update % Period != 0);
        }

        Invariant.Holds(_kept.Count <= Capacity, "decimation keeps the frame log within its capacity");
    }

    private Frame Current => _open ?? throw new InvalidOperationException("Frames are recorded in Draw, while the game draws a frame.");
}
