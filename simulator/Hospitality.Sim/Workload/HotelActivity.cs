namespace Hospitality.Sim.Workload;

/// <summary>The kinds of work that write to the hotel's data, each with its own daily rhythm.</summary>
public enum HotelActivity
{
    CheckOut,
    CheckIn,
    Reservation,
    Housekeeping,
    Maintenance,
    Inventory,
}
