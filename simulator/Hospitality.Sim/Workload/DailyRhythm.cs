namespace Hospitality.Sim.Workload;

/// <summary>
/// How busy each kind of hotel work is by hour of day (1 = its peak): check-outs in the morning,
/// housekeeping around midday, check-ins in the late afternoon, a quiet night.
/// </summary>
public static class DailyRhythm
{
    // (hour, intensity) points, linear in between, wrapping at midnight.
    private static readonly Dictionary<HotelActivity, (double Hour, double Level)[]> Curves = new()
    {
        [HotelActivity.CheckOut] = [(0, 0.02), (6, 0.05), (8, 0.6), (10, 1), (12, 0.4), (14, 0.1), (24, 0.02)],
        [HotelActivity.CheckIn] = [(0, 0.03), (8, 0.05), (13, 0.3), (16, 1), (18, 0.9), (21, 0.3), (24, 0.03)],
        [HotelActivity.Reservation] = [(0, 0.1), (7, 0.3), (10, 1), (17, 0.8), (21, 0.4), (24, 0.1)],
        [HotelActivity.Housekeeping] = [(0, 0), (7, 0.1), (9, 0.7), (11, 1), (14, 0.9), (16, 0.3), (19, 0.2), (21, 0.3), (22, 0), (24, 0)],
        [HotelActivity.Maintenance] = [(0, 0.05), (7, 0.2), (9, 1), (16, 1), (18, 0.2), (24, 0.05)],
        [HotelActivity.Inventory] = [(0, 0), (6, 0.1), (8, 0.8), (10, 1), (15, 0.6), (18, 0.1), (24, 0)],
    };

    /// <summary>Intensity of an activity at an hour of day (0-24), between 0 and 1.</summary>
    public static double Intensity(HotelActivity activity, double hourOfDay)
    {
        var hour = ((hourOfDay % 24) + 24) % 24;
        var curve = Curves[activity];
        for (var i = 1; i < curve.Length; i++)
        {
            if (hour <= curve[i].Hour)
            {
                var (h0, l0) = curve[i - 1];
                var (h1, l1) = curve[i];
                return l0 + ((l1 - l0) * (hour - h0) / (h1 - h0));
            }
        }

        return curve[^1].Level;
    }
}
