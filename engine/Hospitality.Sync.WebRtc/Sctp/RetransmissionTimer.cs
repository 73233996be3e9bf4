namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// The retransmission timeout estimator of RFC 9260 section 6.3.1: smoothed RTT and its variance
/// from samples (Karn: only chunks sent once), RTO = SRTT + 4 RTTVAR clamped to [min, max],
/// doubled on every expiry.
/// </summary>
internal sealed class RetransmissionTimer(SctpAssociationOptions options)
{
    private TimeSpan? _smoothedRtt;
    private TimeSpan _rttVariance;

    public TimeSpan Rto { get; private set; } = options.RtoInitial;

    public void AddSample(TimeSpan rtt)
    {
        if (_smoothedRtt is not { } srtt)
        {
            _smoothedRtt = rtt;
            _rttVariance = rtt / 2;
        }
        else
        {
            _rttVariance = (_rttVariance * 0.75) + ((srtt - rtt).Duration() * 0.25);
            _smoothedRtt = (srtt * 0.875) + (rtt * 0.125);
        }

        Rto = Clamp(_smoothedRtt.Value + (4 * _rttVariance));
    }

    public void BackOff() => Rto = Clamp(Rto * 2);

    private TimeSpan Clamp(TimeSpan rto) => rto < options.RtoMin ? options.RtoMin : rto > options.RtoMax ? options.RtoMax : rto;
}
