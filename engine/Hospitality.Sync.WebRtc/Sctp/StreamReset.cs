namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// Stream reset bookkeeping (RFC 6525): our outgoing requests (one in flight at a time,
/// retransmitted until answered) and the peer's requests, which wait until every DATA chunk
/// they cover has arrived. Request sequence numbers start at the sender's initial TSN (section 3.1).
/// </summary>
internal sealed class StreamReset(uint localInitialTsn)
{
    private readonly List<ushort> _requested = [];
    private readonly Queue<OutgoingResetRequest> _peerRequests = [];
    private readonly List<ReconfigResponse> _repeats = [];
    private uint _nextRequestSequence = localInitialTsn;
    private uint _lastPeerRequestSequence;
    private ReconfigResponse? _lastResponse;
    private OutgoingResetRequest? _inFlight;
    private bool _resendDue;

    /// <summary>Called once the peer's initial TSN is known: its first request will carry that number.</summary>
    public void Start(uint peerInitialTsn) => _lastPeerRequestSequence = peerInitialTsn - 1;

    public void Request(IEnumerable<ushort> streams)
    {
        foreach (var stream in streams)
        {
            if (!_requested.Contains(stream) && !(_inFlight?.Streams.Contains(stream) ?? false))
            {
                _requested.Add(stream);
            }
        }
    }

    /// <summary>The request to send now: a due retransmission, or a new one once the streams' queued messages all have TSNs.</summary>
    public OutgoingResetRequest? TakeOutgoingRequest(SctpSender sender)
    {
        if (_inFlight is not null)
        {
            if (!_resendDue)
            {
                return null;
            }

            _resendDue = false;
            return _inFlight;
        }

        if (_requested.Count == 0 || sender.HasQueuedFor(_requested))
        {
            return null;
        }

        _inFlight = new OutgoingResetRequest
        {
            RequestSequence = _nextRequestSequence++,
            ResponseSequence = _lastPeerRequestSequence,
            LastAssignedTsn = sender.LastAssignedTsn,
            Streams = _requested.ToArray(),
        };
        _requested.Clear();
        return _inFlight;
    }

    public void RetransmitPending() => _resendDue = _inFlight is not null;

    /// <summary>The streams now reset when the response performs our request; null otherwise ("in progress" is retried, a refusal dropped).</summary>
    public IReadOnlyList<ushort>? OnResponse(ReconfigResponse response)
    {
        if (_inFlight is null || response.ResponseSequence != _inFlight.RequestSequence)
        {
            return null;
        }

        if (response.Result == ReconfigResult.InProgress)
        {
            return null;
        }

        var streams = _inFlight.Streams;
        _inFlight = null;
        return response.Result is ReconfigResult.SuccessPerformed or ReconfigResult.SuccessNothingToDo ? streams : null;
    }

    public void OnPeerRequest(OutgoingResetRequest request)
    {
        if (_lastResponse is not null && request.RequestSequence == _lastPeerRequestSequence)
        {
            // A retransmission of a request already performed: our response was lost; send it again.
            _repeats.Add(_lastResponse);
            return;
        }

        if (request.RequestSequence != _lastPeerRequestSequence + 1 || _peerRequests.Any(r => r.RequestSequence == request.RequestSequence))
        {
            return;
        }

        _peerRequests.Enqueue(request);
    }

    /// <summary>The oldest peer request whose data has all arrived, now performed; null when none is ready.</summary>
    public OutgoingResetRequest? TakeReadyPeerRequest(SctpReceiver receiver)
    {
        if (!_peerRequests.TryPeek(out var request) || !receiver.HasReceivedThrough(request.LastAssignedTsn))
        {
            return null;
        }

        _peerRequests.Dequeue();
        _lastPeerRequestSequence = request.RequestSequence;
        _lastResponse = new ReconfigResponse { ResponseSequence = request.RequestSequence, Result = ReconfigResult.SuccessPerformed };
        return request;
    }

    public IReadOnlyList<ReconfigResponse> TakeRepeatedResponses()
    {
        var taken = _repeats.ToArray();
        _repeats.Clear();
        return taken;
    }
}
