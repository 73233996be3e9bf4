namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// Stream reset bookkeeping (RFC 6525): our outgoing requests (one in flight at a time,
/// retransmitted until answered) and the peer's requests, which wait until every DATA chunk
/// they cover has arrived. Request sequence numbers start at the sender's initial TSN (section 3.1).
/// </summary>
internal sealed class StreamReset(uint localInitialTsn)
{
    private readonly List<ushort> requested = [];
    private readonly Queue<OutgoingResetRequest> peerRequests = [];
    private readonly List<ReconfigResponse> repeats = [];
    private uint nextRequestSequence = localInitialTsn;
    private uint lastPeerRequestSequence;
    private ReconfigResponse? lastResponse;
    private OutgoingResetRequest? inFlight;
    private bool resendDue;

    /// <summary>Called once the peer's initial TSN is known: its first request will carry that number.</summary>
    public void Start(uint peerInitialTsn) => lastPeerRequestSequence = peerInitialTsn - 1;

    public void Request(IEnumerable<ushort> streams)
    {
        foreach (var stream in streams)
        {
            if (!requested.Contains(stream) && !(inFlight?.Streams.Contains(stream) ?? false))
            {
                requested.Add(stream);
            }
        }
    }

    /// <summary>The request to send now: a due retransmission, or a new one once the streams' queued messages all have TSNs.</summary>
    public OutgoingResetRequest? TakeOutgoingRequest(SctpSender sender)
    {
        if (inFlight is not null)
        {
            if (!resendDue)
            {
                return null;
            }

            resendDue = false;
            return inFlight;
        }

        if (requested.Count == 0 || sender.HasQueuedFor(requested))
        {
            return null;
        }

        inFlight = new OutgoingResetRequest
        {
            RequestSequence = nextRequestSequence++,
            ResponseSequence = lastPeerRequestSequence,
            LastAssignedTsn = sender.LastAssignedTsn,
            Streams = requested.ToArray(),
        };
        requested.Clear();
        return inFlight;
    }

    public void RetransmitPending() => resendDue = inFlight is not null;

    /// <summary>The streams now reset when the response performs our request; null otherwise ("in progress" is retried, a refusal dropped).</summary>
    public IReadOnlyList<ushort>? OnResponse(ReconfigResponse response)
    {
        if (inFlight is null || response.ResponseSequence != inFlight.RequestSequence)
        {
            return null;
        }

        if (response.Result == ReconfigResult.InProgress)
        {
            return null;
        }

        var streams = inFlight.Streams;
        inFlight = null;
        return response.Result is ReconfigResult.SuccessPerformed or ReconfigResult.SuccessNothingToDo ? streams : null;
    }

    public void OnPeerRequest(OutgoingResetRequest request)
    {
        if (lastResponse is not null && request.RequestSequence == lastPeerRequestSequence)
        {
            // A retransmission of a request already performed: our response was lost; send it again.
            repeats.Add(lastResponse);
            return;
        }

        if (request.RequestSequence != lastPeerRequestSequence + 1 || peerRequests.Any(r => r.RequestSequence == request.RequestSequence))
        {
            return;
        }

        peerRequests.Enqueue(request);
    }

    /// <summary>The oldest peer request whose data has all arrived, now performed; null when none is ready.</summary>
    public OutgoingResetRequest? TakeReadyPeerRequest(SctpReceiver receiver)
    {
        if (!peerRequests.TryPeek(out var request) || !receiver.HasReceivedThrough(request.LastAssignedTsn))
        {
            return null;
        }

        peerRequests.Dequeue();
        lastPeerRequestSequence = request.RequestSequence;
        lastResponse = new ReconfigResponse { ResponseSequence = request.RequestSequence, Result = ReconfigResult.SuccessPerformed };
        return request;
    }

    public IReadOnlyList<ReconfigResponse> TakeRepeatedResponses()
    {
        var taken = repeats.ToArray();
        repeats.Clear();
        return taken;
    }
}
