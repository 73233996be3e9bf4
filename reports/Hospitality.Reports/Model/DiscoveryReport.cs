namespace Hospitality.Reports.Model;

/// <summary>
/// How the devices of mDNS properties found their Greengrass and followed their network detector:
/// boot to first Greengrass found (percentiles over every device boot that found one), mDNS traffic
/// per device per hour, and the switch-overs by kind of change.
/// </summary>
public sealed record DiscoveryReport(
    int Devices,
    int Boots,
    int Found,
    double? FoundP50Ms,
    double? FoundP99Ms,
    double? FoundMaxMs,
    double MdnsPacketsPerDeviceHour,
    double MdnsBytesPerDeviceHour,
    IReadOnlyList<SwitchOverReport> SwitchOvers);

/// <summary>
/// One kind of change (e.g. "on-property → cellular"): how often, how long the detector took to notice
/// it (when the world marked when it happened) and from noticing to the endpoint switched (hysteresis included).
/// </summary>
public sealed record SwitchOverReport(string Change, int Count, double? NoticedP50Ms, double? NoticedMaxMs, double SwitchedP50Ms, double SwitchedP99Ms, double SwitchedMaxMs);
