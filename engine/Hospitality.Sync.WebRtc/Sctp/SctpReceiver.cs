namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// The receiving half of an association: tracks which TSNs arrived (cumulative TSN, gaps,
/// duplicates), reassembles fragments into messages, and releases ordered messages in stream
/// sequence order and unordered ones as soon as they are whole (RFC 9260 sections 6.2, 6.5, 6.9).
/// TSNs are unwrapped to 64 bits so comparisons never suffer from the 32-bit wrap.
/// </summary>
internal sealed class SctpReceiver
{
    /// <summary>Gap offsets are 16 bits, so nothing further ahead than this can be reported, and it is dropped.</summary>
    private const long AcceptAheadMax = ushort.MaxValue;

    private readonly SctpAssociationOptions _options;
    private readonly SortedDictionary<long, DataChunk> _held = [];
    private readonly SortedSet<long> _receivedAhead = [];
    private readonly List<uint> _duplicates = [];
    private readonly Dictionary<ushort, ushort> _expectedSequence = [];
    private readonly Dictionary<ushort, SortedDictionary<ushort, SctpMessage>> _waiting = [];
    private long _cumulativeTsn;
    private long _heldBytes;

    public SctpReceiver(SctpAssociationOptions options, uint peerInitialTsn)
    {
        this._options = options;
        _cumulativeTsn = (long)peerInitialTsn - 1;
    }

    /// <summary>The last TSN received with no gap before it.</summary>
    public uint CumulativeTsn => (uint)_cumulativeTsn;

    public bool HasGapsOrDuplicates => _receivedAhead.Count > 0 || _duplicates.Count > 0;

    public uint ReceiverWindowBytes => (uint)Math.Max(0, _options.ReceiveWindowBytes - _heldBytes);

    /// <summary>Takes one DATA chunk; returns false when it was a duplicate or had to be dropped.</summary>
    public bool Receive(DataChunk chunk, List<SctpMessage> delivered)
    {
        var tsn = Unwrap(chunk.Tsn);
        if (tsn <= _cumulativeTsn || _receivedAhead.Contains(tsn))
        {
            if (_duplicates.Count < _options.MaxDuplicateTsnsReported)
            {
                _duplicates.Add(chunk.Tsn);
            }

            return false;
        }

        // Beyond what a gap block can say, or beyond the window: drop, and the sender retransmits.
        if (tsn - _cumulativeTsn > AcceptAheadMax || (_heldBytes + chunk.UserData.Length > _options.ReceiveWindowBytes && tsn != _cumulativeTsn + 1))
        {
            return false;
        }

        _held.Add(tsn, chunk);
        _heldBytes += chunk.UserData.Length;
        _receivedAhead.Add(tsn);
        while (_receivedAhead.Count > 0 && _receivedAhead.Min == _cumulativeTsn + 1)
        {
            _cumulativeTsn++;
            _receivedAhead.Remove(_cumulativeTsn);
        }

        TryAssemble(tsn, delivered);
        return true;
    }

    /// <summary>The peer skipped its outgoing stream sequence for these streams (a stream reset): start again from 0.</summary>
    public void ResetStreams(IEnumerable<ushort> streams)
    {
        foreach (var stream in streams)
        {
            _expectedSequence.Remove(stream);
            if (_waiting.Remove(stream, out var messages))
            {
                _heldBytes -= messages.Values.Sum(m => (long)m.Data.Length);
            }
        }
    }

    /// <summary>True once every TSN up to <paramref name="tsn"/> has arrived.</summary>
    public bool HasReceivedThrough(uint tsn) => Unwrap(tsn) <= _cumulativeTsn;

    /// <summary>A SACK for what has arrived; reported duplicates are forgotten.</summary>
    public SackChunk BuildSack()
    {
        var gaps = new List<GapAckBlock>();
        long? runStart = null;
        long runEnd = 0;
        foreach (var tsn in _receivedAhead)
        {
            if (runStart is not null && tsn == runEnd + 1)
            {
                runEnd = tsn;
                continue;
            }

            if (runStart is { } start)
            {
                gaps.Add(new GapAckBlock((ushort)(start - _cumulativeTsn), (ushort)(runEnd - _cumulativeTsn)));
                if (gaps.Count == _options.MaxGapBlocks)
                {
                    runStart = null;
                    break;
                }
            }

            runStart = tsn;
            runEnd = tsn;
        }

        if (runStart is { } last && gaps.Count < _options.MaxGapBlocks)
        {
            gaps.Add(new GapAckBlock((ushort)(last - _cumulativeTsn), (ushort)(runEnd - _cumulativeTsn)));
        }

        var sack = new SackChunk
        {
            CumulativeTsnAck = CumulativeTsn,
            ReceiverWindowBytes = ReceiverWindowBytes,
            GapBlocks = gaps,
            DuplicateTsns = _duplicates.ToArray(),
        };
        _duplicates.Clear();
        return sack;
    }

    private static bool SameMessage(DataChunk a, DataChunk b) =>
        a.StreamId == b.StreamId && a.Unordered == b.Unordered && (a.Unordered || a.StreamSequence == b.StreamSequence);

    private long Unwrap(uint tsn) => _cumulativeTsn + (int)(tsn - (uint)_cumulativeTsn);

    /// <summary>Fragments of one message have consecutive TSNs: look back to its B chunk and ahead to its E chunk.</summary>
    private void TryAssemble(long tsn, List<SctpMessage> delivered)
    {
        // A peer that mixes up B/E flags or streams inside one message never gets it delivered; it cannot merge two.
        var first = tsn;
        while (!_held[first].Beginning)
        {
            if (!_held.TryGetValue(first - 1, out var previous) || previous.Ending || !SameMessage(previous, _held[first]))
            {
                return;
            }

            first--;
        }

        var last = tsn;
        while (!_held[last].Ending)
        {
            if (!_held.TryGetValue(last + 1, out var next) || next.Beginning || !SameMessage(next, _held[last]))
            {
                return;
            }

            last++;
        }

        var head = _held[first];
        var size = 0;
        for (var t = first; t <= last; t++)
        {
            size += _held[t].UserData.Length;
        }

        var data = new byte[size];
        var offset = 0;
        for (var t = first; t <= last; t++)
        {
            _held.Remove(t, out var fragment);
            fragment!.UserData.Span.CopyTo(data.AsSpan(offset));
            offset += fragment.UserData.Length;
        }

        var message = new SctpMessage(head.StreamId, head.PayloadProtocol, data, head.Unordered);
        if (head.Unordered)
        {
            _heldBytes -= size;
            delivered.Add(message);
            return;
        }

        // Ordered: hold until every earlier message of the stream is out (heldBytes still counts it).
        if (!_waiting.TryGetValue(head.StreamId, out var queue))
        {
            queue = [];
            _waiting.Add(head.StreamId, queue);
        }

        queue[head.StreamSequence] = message;
        var expected = _expectedSequence.GetValueOrDefault(head.StreamId);
        while (queue.Remove(expected, out var next))
        {
            _heldBytes -= next.Data.Length;
            delivered.Add(next);
            expected++;
        }

        _expectedSequence[head.StreamId] = expected;
        if (queue.Count == 0)
        {
            _waiting.Remove(head.StreamId);
        }
    }
}
