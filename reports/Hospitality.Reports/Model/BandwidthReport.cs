namespace Hospitality.Reports.Model;

/// <summary>
/// Bytes on the wire per device per day (sent + received, headers included) for one kind of
/// device and one channel (e.g. "lan" for traffic that stays in the building, "internet" for the rest).
/// </summary>
public sealed record BandwidthReport(string DeviceKind, string Channel, int Devices, double BytesPerDevicePerDay);
