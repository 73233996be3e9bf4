namespace Hospitality.Sim.Network.Wifi;

/// <summary>
/// How stations share one 802.11 channel (EDCA best effort): the timing of channel access, the
/// contention window, aggregation and retries. The PHY data rates are the profile's up and down
/// bandwidths. Defaults are 802.11ac in 5 GHz; docs/network-model.md gives a source for each.
/// </summary>
public sealed record WifiMac
{
    /// <summary>802.11ac OFDM slot (IEEE 802.11-2016, Table 21-28).</summary>
    public TimeSpan Slot { get; init; } = TimeSpan.FromMicroseconds(9);

    /// <summary>Short interframe space before an acknowledgement (same table).</summary>
    public TimeSpan Sifs { get; init; } = TimeSpan.FromMicroseconds(16);

    /// <summary>Idle time before a contention starts: AIFS of best effort, SIFS + 3 slots (EDCA defaults).</summary>
    public TimeSpan Aifs { get; init; } = TimeSpan.FromMicroseconds(43);

    /// <summary>PHY preamble and headers of one VHT PPDU, two spatial streams: L-STF, L-LTF, L-SIG, VHT-SIG-A, VHT-STF, 2 VHT-LTF, VHT-SIG-B.</summary>
    public TimeSpan Preamble { get; init; } = TimeSpan.FromMicroseconds(44);

    /// <summary>The block acknowledgement after a PPDU, sent at a basic rate with its own preamble.</summary>
    public TimeSpan Acknowledgement { get; init; } = TimeSpan.FromMicroseconds(32);

    /// <summary>Smallest contention window (best effort: 15), so W = 16 slots in Bianchi's model.</summary>
    public int ContentionWindowMin { get; init; } = 15;

    /// <summary>Largest contention window (best effort: 1023).</summary>
    public int ContentionWindowMax { get; init; } = 1023;

    /// <summary>Transmission attempts of a PPDU before its frames are dropped (dot11ShortRetryLimit, 7).</summary>
    public int RetryLimit { get; init; } = 7;

    /// <summary>Probability that one attempt fails on the air (interference, fading); rate control aims near 10 %.</summary>
    public double AttemptErrorRate { get; init; } = 0.1;

    /// <summary>Each retry falls back to a lower rate (rate control's retry chain): the rate is divided by this.</summary>
    public double RetryRateDivisor { get; init; } = 2;

    /// <summary>Frames aggregated into one PPDU at most (A-MPDU with a 64-frame block-ack window).</summary>
    public int MaxAggregateFrames { get; init; } = 64;

    /// <summary>
    /// Stations one access point serves before the segment opens another on its own channel (Meraki's
    /// high-density guide calls more than 30 per AP high density); a station joins the least loaded
    /// access point with room, so a segment fills them thirty at a time.
    /// </summary>
    public int StationsPerAccessPoint { get; init; } = 30;

    /// <summary>The longest PPDU (aPPDUMaxTime of VHT: 5.484 ms); aggregation stops before it.</summary>
    public TimeSpan MaxPpduTime { get; init; } = TimeSpan.FromTicks(54_840);
}
