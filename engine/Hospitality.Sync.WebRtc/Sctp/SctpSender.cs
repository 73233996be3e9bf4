namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// The sending half of an association: splits messages into DATA chunks, numbers them, keeps
/// them until acknowledged, and decides what may go out under the congestion window and the
/// peer's receive window (RFC 9260 sections 6.1, 6.2.1, 6.3, 7.2). Retransmits on timeout and
/// after three miss indications (fast retransmit).
/// </summary>
internal sealed class SctpSender
{
    private const int FastRetransmitMisses = 3;

    private readonly SctpAssociationOptions _options;
    private readonly Queue<Outgoing> _queue = [];
    private readonly List<InFlight> _inFlight = [];
    private readonly Dictionary<ushort, ushort> _nextSequence = [];
    private readonly Dictionary<ushort, long> _bufferedByStream = [];
    private readonly int _mtu;
    private uint _nextTsn;
    private uint _cumulativeAck;
    private long _flightBytes;
    private long _congestionWindow;
    private long _slowStartThreshold;
    private long _partialBytesAcked;
    private uint? _fastRecoveryExit;

    /// <summary>Chunks marked for retransmission, so the common case (none) skips scanning what is in flight.</summary>
    private int _retransmitsPending;

    public SctpSender(SctpAssociationOptions options, uint initialTsn, uint peerReceiverWindowBytes)
    {
        this._options = options;
        _mtu = options.MaxPacketBytes;
        _nextTsn = initialTsn;
        _cumulativeAck = initialTsn - 1;
        PeerReceiverWindowBytes = peerReceiverWindowBytes;

        // RFC 9260 section 7.2.1: initial cwnd min(4 MTU, max(2 MTU, 4380)), ssthresh the peer's window.
        _congestionWindow = Math.Min(4 * _mtu, Math.Max(2 * _mtu, 4380));
        _slowStartThreshold = peerReceiverWindowBytes;
    }

    public long PeerReceiverWindowBytes { get; private set; }

    public long CongestionWindowBytes => _congestionWindow;

    /// <summary>Bytes accepted from the application and not yet acknowledged: the data channel's bufferedAmount.</summary>
    public long BufferedBytes { get; private set; }

    public bool HasOutstanding => _inFlight.Count > 0;

    public bool HasPendingData => _queue.Count > 0 || _retransmitsPending > 0;

    /// <summary>The TSN the next new chunk gets, less one: what a stream reset request names.</summary>
    public uint LastAssignedTsn => _nextTsn - 1;

    public bool HasQueuedFor(IReadOnlyCollection<ushort> streams) => _queue.Any(m => streams.Contains(m.StreamId));

    /// <summary>Queues a message; a <paramref name="control"/> message (DCEP) is sent like any other but left out of the stream's buffered amount.</summary>
    public void Enqueue(ushort streamId, uint payloadProtocol, ReadOnlyMemory<byte> data, bool unordered, bool control)
    {
        var sequence = unordered ? (ushort)0 : _nextSequence.GetValueOrDefault(streamId);
        if (!unordered)
        {
            _nextSequence[streamId] = (ushort)(sequence + 1);
        }

        _queue.Enqueue(new Outgoing(streamId, payloadProtocol, data, unordered, sequence, control));
        BufferedBytes += data.Length;
        if (!control)
        {
            _bufferedByStream[streamId] = _bufferedByStream.GetValueOrDefault(streamId) + data.Length;
        }
    }

    /// <summary>Bytes of one stream accepted and not yet acknowledged: one data channel's bufferedAmount.</summary>
    public long BufferedBytesOn(ushort streamId) => _bufferedByStream.GetValueOrDefault(streamId);

    public void ResetOutgoingSequence(IEnumerable<ushort> streams)
    {
        foreach (var stream in streams)
        {
            _nextSequence.Remove(stream);
        }
    }

    /// <summary>
    /// Chunks to send now, at most <paramref name="budgetBytes"/> of chunk bytes: retransmissions first,
    /// then new data, within the congestion window and the peer's window (one chunk may probe a closed window).
    /// </summary>
    public List<DataChunk> TakeChunks(int budgetBytes, long now)
    {
        var chunks = new List<DataChunk>();
        foreach (var chunk in _retransmitsPending == 0 ? [] : _inFlight)
        {
            if (!chunk.NeedsRetransmit)
            {
                continue;
            }

            // RFC 9260 section 6.1 rule B: send while less than cwnd is outstanding, even if this chunk then exceeds it.
            if (chunk.Chunk.EncodedBytes > budgetBytes || _flightBytes >= _congestionWindow)
            {
                return chunks;
            }

            chunk.NeedsRetransmit = false;
            _retransmitsPending--;
            chunk.Transmissions++;
            chunk.SentAt = now;
            chunk.Misses = 0;
            _flightBytes += chunk.Bytes;
            budgetBytes -= chunk.Chunk.EncodedBytes;
            chunks.Add(chunk.Chunk);
        }

        var payloadMax = _mtu - SctpPacket.HeaderBytes - SctpChunk.HeaderBytes - DataChunk.FieldsBytes;
        while (_queue.TryPeek(out var message))
        {
            var size = Math.Min(payloadMax, message.Data.Length - message.Offset);
            var chunkBytes = SctpChunk.HeaderBytes + ((DataChunk.FieldsBytes + size + 3) & ~3);
            // Rule A: new data only into the peer's window, except one chunk to probe a closed window when nothing is outstanding.
            var windowOpen = _flightBytes == 0 || (_flightBytes < _congestionWindow && size <= PeerReceiverWindowBytes);
            if (chunkBytes > budgetBytes || !windowOpen)
            {
                break;
            }

            var chunk = new DataChunk
            {
                Tsn = _nextTsn++,
                StreamId = message.StreamId,
                StreamSequence = message.Sequence,
                PayloadProtocol = message.PayloadProtocol,
                UserData = message.Data.Slice(message.Offset, size),
                Unordered = message.Unordered,
                Beginning = message.Offset == 0,
                Ending = message.Offset + size == message.Data.Length,
            };
            message.Offset += size;
            if (chunk.Ending)
            {
                _queue.Dequeue();
            }

            _inFlight.Add(new InFlight(chunk, size, now) { Control = message.Control });
            _flightBytes += size;
            PeerReceiverWindowBytes = Math.Max(0, PeerReceiverWindowBytes - size);
            budgetBytes -= chunkBytes;
            chunks.Add(chunk);
        }

        return chunks;
    }

    /// <summary>Applies a SACK. Returns the RTT sample it yields, if any, and whether the cumulative ack moved.</summary>
    public (TimeSpan? Rtt, bool Advanced) OnSack(SackChunk sack, long now, TimeProvider time)
    {
        // A SACK older than one already seen may arrive reordered; it says nothing new (RFC 9260 section 6.2.1).
        if (IsBefore(sack.CumulativeTsnAck, _cumulativeAck))
        {
            return (null, false);
        }

        var advanced = sack.CumulativeTsnAck != _cumulativeAck;
        var wasFullWindow = _flightBytes >= _congestionWindow;
        TimeSpan? rtt = null;
        long bytesAcked = 0;
        uint? highestNewlyAcked = null;
        foreach (var chunk in _inFlight)
        {
            var tsn = chunk.Chunk.Tsn;
            var byCumulative = !IsAfter(tsn, sack.CumulativeTsnAck);
            var byGap = !byCumulative && sack.GapBlocks.Any(g => !IsBefore(tsn, sack.CumulativeTsnAck + g.Start) && !IsAfter(tsn, sack.CumulativeTsnAck + g.End));
            if (!(byCumulative || byGap) || chunk.Acked)
            {
                if (byCumulative)
                {
                    chunk.Released = true;
                }

                continue;
            }

            chunk.Acked = true;
            chunk.Released = byCumulative;
            bytesAcked += chunk.Bytes;
            if (chunk.NeedsRetransmit)
            {
                _retransmitsPending--;
            }
            else
            {
                _flightBytes -= chunk.Bytes;
            }

            chunk.NeedsRetransmit = false;
            highestNewlyAcked = highestNewlyAcked is { } h && IsAfter(h, tsn) ? h : tsn;
            if (chunk.Transmissions == 1)
            {
                rtt = time.GetElapsedTime(chunk.SentAt, now);
            }
        }

        _cumulativeAck = sack.CumulativeTsnAck;
        foreach (var chunk in _inFlight)
        {
            if (chunk.Released)
            {
                BufferedBytes -= chunk.Bytes;
                if (chunk.Control)
                {
                    continue;
                }

                var left = _bufferedByStream[chunk.Chunk.StreamId] - chunk.Bytes;
                if (left == 0)
                {
                    _bufferedByStream.Remove(chunk.Chunk.StreamId);
                }
                else
                {
                    _bufferedByStream[chunk.Chunk.StreamId] = left;
                }
            }
        }

        _inFlight.RemoveAll(c => c.Released);
        CountMisses(highestNewlyAcked);
        if (_fastRecoveryExit is { } exit && !IsBefore(_cumulativeAck, exit))
        {
            _fastRecoveryExit = null;
        }

        if (advanced && _fastRecoveryExit is null)
        {
            Grow(bytesAcked, wasFullWindow);
        }

        PeerReceiverWindowBytes = Math.Max(0, sack.ReceiverWindowBytes - _flightBytes);
        return (rtt, advanced);
    }

    /// <summary>Times T3-rtx expired, each restarting the window from one MTU.</summary>
    public long RetransmissionTimeouts { get; private set; }

    /// <summary>Chunks sent again after three misses.</summary>
    public long FastRetransmits { get; private set; }

    /// <summary>T3-rtx expired: everything outstanding goes again, and the window starts over from one MTU (RFC 9260 section 6.3.3).</summary>
    public void OnRetransmissionTimeout()
    {
        RetransmissionTimeouts++;
        _slowStartThreshold = Math.Max(_congestionWindow / 2, 4 * _mtu);
        _congestionWindow = _mtu;
        _partialBytesAcked = 0;
        _fastRecoveryExit = null;
        foreach (var chunk in _inFlight)
        {
            if (!chunk.Acked && !chunk.NeedsRetransmit)
            {
                chunk.NeedsRetransmit = true;
                _retransmitsPending++;
                _flightBytes -= chunk.Bytes;
            }
        }
    }

    /// <summary>Chunks not acked below the highest newly acked TSN get a miss; the third sends them again at once (RFC 9260 section 7.2.4).</summary>
    private void CountMisses(uint? highestNewlyAcked)
    {
        if (highestNewlyAcked is not { } highest)
        {
            return;
        }

        var lossDetected = false;
        foreach (var chunk in _inFlight)
        {
            if (chunk.Acked || chunk.NeedsRetransmit || !IsBefore(chunk.Chunk.Tsn, highest) || ++chunk.Misses < FastRetransmitMisses)
            {
                continue;
            }

            chunk.NeedsRetransmit = true;
            _retransmitsPending++;
            _flightBytes -= chunk.Bytes;
            lossDetected = true;
            FastRetransmits++;
        }

        if (lossDetected && _fastRecoveryExit is null)
        {
            _slowStartThreshold = Math.Max(_congestionWindow / 2, 4 * _mtu);
            _congestionWindow = _slowStartThreshold;
            _partialBytesAcked = 0;
            _fastRecoveryExit = _nextTsn - 1;
        }
    }

    /// <summary>Slow start below ssthresh, then one MTU per window of acked bytes (RFC 9260 sections 7.2.1-7.2.2).</summary>
    private void Grow(long bytesAcked, bool wasFullWindow)
    {
        if (!wasFullWindow)
        {
            return;
        }

        if (_congestionWindow <= _slowStartThreshold)
        {
            _congestionWindow += Math.Min(bytesAcked, _mtu);
            return;
        }

        _partialBytesAcked += bytesAcked;
        if (_partialBytesAcked >= _congestionWindow)
        {
            _partialBytesAcked -= _congestionWindow;
            _congestionWindow += _mtu;
        }
    }

    private static bool IsBefore(uint a, uint b) => (int)(a - b) < 0;

    private static bool IsAfter(uint a, uint b) => (int)(a - b) > 0;

    private sealed class Outgoing(ushort streamId, uint payloadProtocol, ReadOnlyMemory<byte> data, bool unordered, ushort sequence, bool control)
    {
        public bool Control { get; } = control;

        public ushort StreamId { get; } = streamId;

        public uint PayloadProtocol { get; } = payloadProtocol;

        public ReadOnlyMemory<byte> Data { get; } = data;

        public bool Unordered { get; } = unordered;

        public ushort Sequence { get; } = sequence;

        public int Offset { get; set; }
    }

    private sealed class InFlight(DataChunk chunk, int bytes, long sentAt)
    {
        public DataChunk Chunk { get; } = chunk;

        public int Bytes { get; } = bytes;

        public long SentAt { get; set; } = sentAt;

        public int Transmissions { get; set; } = 1;

        public int Misses { get; set; }

        public bool Acked { get; set; }

        public bool Released { get; set; }

        public bool NeedsRetransmit { get; set; }

        public bool Control { get; init; }
    }
}
