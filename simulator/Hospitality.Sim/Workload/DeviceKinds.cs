namespace Hospitality.Sim.Workload;

/// <summary>The device kinds a scenario may place, and the work each does.</summary>
public static class DeviceKinds
{
    public const string FrontDesk = "front-desk";
    public const string Housekeeping = "housekeeping";
    public const string Maintenance = "maintenance";
    public const string Manager = "manager";

    public static IReadOnlyList<string> All { get; } = [FrontDesk, Housekeeping, Maintenance, Manager];

    /// <summary>The activities a device of this kind performs, with their share of its writes.</summary>
    public static IReadOnlyList<(HotelActivity Activity, double Share)> Activities(string kind) => kind switch
    {
        FrontDesk => [(HotelActivity.CheckIn, 0.35), (HotelActivity.CheckOut, 0.35), (HotelActivity.Reservation, 0.3)],
        Housekeeping => [(HotelActivity.Housekeeping, 0.9), (HotelActivity.Inventory, 0.1)],
        Maintenance => [(HotelActivity.Maintenance, 0.8), (HotelActivity.Inventory, 0.2)],
        _ => [(HotelActivity.Inventory, 0.5), (HotelActivity.Reservation, 0.3), (HotelActivity.Maintenance, 0.2)],
    };
}
