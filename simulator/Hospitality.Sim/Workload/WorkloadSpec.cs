namespace Hospitality.Sim.Workload;

/// <summary>How a scenario's hotel works: its data, how often each kind of device writes, and when.</summary>
public sealed record WorkloadSpec
{
    /// <summary>Rooms per property.</summary>
    public int Rooms { get; init; } = 120;

    /// <summary>Guest profiles per property at the start (each with a reservation).</summary>
    public int Guests { get; init; } = 80;

    /// <summary>Stock items per property (linen, amenities, minibar).</summary>
    public int InventoryItems { get; init; } = 30;

    /// <summary>Writes per device per hour at the peak of its work, by device kind.</summary>
    public IReadOnlyDictionary<string, double> PeakWritesPerHour { get; init; } = new Dictionary<string, double>
    {
        [DeviceKinds.FrontDesk] = 30,
        [DeviceKinds.Housekeeping] = 20,
        [DeviceKinds.Maintenance] = 6,
        [DeviceKinds.Manager] = 4,
    };

    /// <summary>Share of actions where a second device edits the same room at the same instant.</summary>
    public double Concurrency { get; init; } = 0.02;

    /// <summary>Local time of day the run starts at.</summary>
    public TimeSpan StartTime { get; init; } = TimeSpan.FromHours(6);

    /// <summary>When false, every kind works at its peak rate all day (a stress test).</summary>
    public bool DailyRhythm { get; init; } = true;

    /// <summary>A burst: from <see cref="BurstAt"/> for <see cref="BurstFor"/>, front desks write this many times faster.</summary>
    public double BurstFactor { get; init; } = 1;

    public TimeSpan BurstAt { get; init; }

    public TimeSpan BurstFor { get; init; }
}
