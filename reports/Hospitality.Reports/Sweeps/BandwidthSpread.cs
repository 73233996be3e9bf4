namespace Hospitality.Reports.Sweeps;

/// <summary>Bytes per device per day of one device kind on one channel across runs.</summary>
public sealed record BandwidthSpread(string DeviceKind, string Channel, Spread? BytesPerDevicePerDay);
