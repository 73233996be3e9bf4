namespace Hospitality.Sim.Network.Wifi;

/// <summary>What a Wi-Fi channel carried: transmission opportunities, airtime, collisions and retries.</summary>
internal sealed class AirStats
{
    public long Opportunities { get; private set; }

    public long Frames { get; private set; }

    public long Bytes { get; private set; }

    public long AirtimeTicks { get; private set; }

    /// <summary>From the first frame's arrival at the head of its queue to the end of its transmission, summed.</summary>
    public long ServiceTicks { get; private set; }

    public long Collisions { get; private set; }

    public long Retries { get; private set; }

    /// <summary>Frames dropped because their PPDU reached the retry limit.</summary>
    public long FramesLost { get; private set; }

    public void Record(int frames, long bytes, long airtimeTicks, long serviceTicks, int collisions, int retries, bool delivered)
    {
        Opportunities++;
        Frames += frames;
        Bytes += bytes;
        AirtimeTicks += airtimeTicks;
        ServiceTicks += serviceTicks;
        Collisions += collisions;
        Retries += retries;
        if (!delivered)
        {
            FramesLost += frames;
        }
    }
}
