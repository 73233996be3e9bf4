namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// The retransmission timeout estimator of RFC 9260 section 6.3.1: smoothed RTT and its variance
/// from samples (Karn: only chunks sent once), RTO = SRTT + 4 RTTVAR clamped to [min, max],
/// doubled on every expiry.
/// </summary>
internal sealed class RetransmissionTimer(SctpAssociationOptions options)
{
    private TimeSpan? smoothedRtt;
    private TimeSpan rttVariance;

    public TimeSpan Rto { get; private set; } = options.RtoInitial;

    public void AddSample(TimeSpan rtt)
    {
        if (smoothedRtt is not { } srtt)
        {
            smoothedRtt = rtt;
            rttVariance = rtt / 2;
        }
        else
        {
            rttVariance = (rttVariance * 0.75) + ((srtt - rtt).Duration() * 0.25);
            smoothedRtt = (srtt * 0.875) + (rtt * 0.125);
        }

        Rto = Clamp(smoothedRtt.Value + (4 * rttVariance));
    }

    public void BackOff() => Rto = Clamp(Rto * 2);

    private TimeSpan Clamp(TimeSpan rto) => rto < options.RtoMin ? options.RtoMin : rto > options.RtoMax ? options.RtoMax : rto;
}
