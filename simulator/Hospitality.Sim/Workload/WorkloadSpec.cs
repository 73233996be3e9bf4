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

    /// <summary>
    /// How often each activity happens per room per day (a check-out, a cleaning, a repair): a
    /// hotel's work scales with its rooms, not its devices. Each happens on a device of a kind that
    /// does that work (front desk, housekeeping, maintenance, manager).
    /// </summary>
    public IReadOnlyDictionary<HotelActivity, double> PerRoomPerDay { get; init; } = new Dictionary<HotelActivity, double>
    {
        [HotelActivity.CheckOut] = 0.45,
        [HotelActivity.CheckIn] = 0.45,
        [HotelActivity.Reservation] = 0.5,
        [HotelActivity.Housekeeping] = 0.9,
        [HotelActivity.Maintenance] = 0.05,
        [HotelActivity.Inventory] = 0.25,
    };

    /// <summary>Share of actions where a second device edits the same room at the same instant.</summary>
    public double Concurrency { get; init; } = 0.02;

    /// <summary>Local time of day the run starts at.</summary>
    public TimeSpan StartTime { get; init; } = TimeSpan.FromHours(6);

    /// <summary>When false, every kind works at its peak rate all day (a stress test).</summary>
    public bool DailyRhythm { get; init; } = true;

    /// <summary>A burst: from <see cref="BurstAt"/> for <see cref="BurstFor"/>, check-ins and bookings come this many times faster.</summary>
    public double BurstFactor { get; init; } = 1;

    public TimeSpan BurstAt { get; init; }

    public TimeSpan BurstFor { get; init; }
}
