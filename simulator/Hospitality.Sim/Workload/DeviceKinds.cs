namespace Hospitality.Sim.Workload;

/// <summary>The device kinds a scenario may place, and the work each does.</summary>
public static class DeviceKinds
{
    public const string FrontDesk = "front-desk";
    public const string Housekeeping = "housekeeping";
    public const string Maintenance = "maintenance";
    public const string Manager = "manager";

    public static IReadOnlyList<string> All { get; } = [FrontDesk, Housekeeping, Maintenance, Manager];

    /// <summary>The kinds of device an activity is done on.</summary>
    public static IReadOnlyList<string> DoneOn(HotelActivity activity) => activity switch
    {
        HotelActivity.CheckIn or HotelActivity.CheckOut or HotelActivity.Reservation => [FrontDesk],
        HotelActivity.Housekeeping => [Housekeeping],
        HotelActivity.Maintenance => [Maintenance],
        _ => [Manager, Housekeeping],
    };
}
