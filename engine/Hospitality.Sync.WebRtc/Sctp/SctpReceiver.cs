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

    private readonly SctpAssociationOptions options;
    private readonly SortedDictionary<long, DataChunk> held = [];
    private readonly SortedSet<long> receivedAhead = [];
    private readonly List<uint> duplicates = [];
    private readonly Dictionary<ushort, ushort> expectedSequence = [];
    private readonly Dictionary<ushort, SortedDictionary<ushort, SctpMessage>> waiting = [];
    private long cumulativeTsn;
    private long heldBytes;

    public SctpReceiver(SctpAssociationOptions options, uint peerInitialTsn)
    {
        this.options = options;
        cumulativeTsn = (long)peerInitialTsn - 1;
    }

    /// <summary>The last TSN received with no gap before it.</summary>
    public uint CumulativeTsn => (uint)cumulativeTsn;

    public bool HasGapsOrDuplicates => receivedAhead.Count > 0 || duplicates.Count > 0;

    public uint ReceiverWindowBytes => (uint)Math.Max(0, options.ReceiveWindowBytes - heldBytes);

    /// <summary>Takes one DATA chunk; returns false when it was a duplicate or had to be dropped.</summary>
    public bool Receive(DataChunk chunk, List<SctpMessage> delivered)
    {
        var tsn = Unwrap(chunk.Tsn);
        if (tsn <= cumulativeTsn || receivedAhead.Contains(tsn))
        {
            if (duplicates.Count < options.MaxDuplicateTsnsReported)
            {
                duplicates.Add(chunk.Tsn);
            }

            return false;
        }

        // Beyond what a gap block can say, or beyond the window: drop, and the sender retransmits.
        if (tsn - cumulativeTsn > AcceptAheadMax || (heldBytes + chunk.UserData.Length > options.ReceiveWindowBytes && tsn != cumulativeTsn + 1))
        {
            return false;
        }

        held.Add(tsn, chunk);
        heldBytes += chunk.UserData.Length;
        receivedAhead.Add(tsn);
        while (receivedAhead.Count > 0 && receivedAhead.Min == cumulativeTsn + 1)
        {
            cumulativeTsn++;
            receivedAhead.Remove(cumulativeTsn);
        }

        TryAssemble(tsn, delivered);
        return true;
    }

    /// <summary>The peer skipped its outgoing stream sequence for these streams (a stream reset): start again from 0.</summary>
    public void ResetStreams(IEnumerable<ushort> streams)
    {
        foreach (var stream in streams)
        {
            expectedSequence.Remove(stream);
            if (waiting.Remove(stream, out var messages))
            {
                heldBytes -= messages.Values.Sum(m => (long)m.Data.Length);
            }
        }
    }

    /// <summary>True once every TSN up to <paramref name="tsn"/> has arrived.</summary>
    public bool HasReceivedThrough(uint tsn) => Unwrap(tsn) <= cumulativeTsn;

    /// <summary>A SACK for what has arrived; reported duplicates are forgotten.</summary>
    public SackChunk BuildSack()
    {
        var gaps = new List<GapAckBlock>();
        long? runStart = null;
        long runEnd = 0;
        foreach (var tsn in receivedAhead)
        {
            if (runStart is not null && tsn == runEnd + 1)
            {
                runEnd = tsn;
                continue;
            }

            if (runStart is { } start)
            {
                gaps.Add(new GapAckBlock((ushort)(start - cumulativeTsn), (ushort)(runEnd - cumulativeTsn)));
                if (gaps.Count == options.MaxGapBlocks)
                {
                    runStart = null;
                    break;
                }
            }

            runStart = tsn;
            runEnd = tsn;
        }

        if (runStart is { } last && gaps.Count < options.MaxGapBlocks)
        {
            gaps.Add(new GapAckBlock((ushort)(last - cumulativeTsn), (ushort)(runEnd - cumulativeTsn)));
        }

        var sack = new SackChunk
        {
            CumulativeTsnAck = CumulativeTsn,
            ReceiverWindowBytes = ReceiverWindowBytes,
            GapBlocks = gaps,
            DuplicateTsns = duplicates.ToArray(),
        };
        duplicates.Clear();
        return sack;
    }

    private static bool SameMessage(DataChunk a, DataChunk b) =>
        a.StreamId == b.StreamId && a.Unordered == b.Unordered && (a.Unordered || a.StreamSequence == b.StreamSequence);

    private long Unwrap(uint tsn) => cumulativeTsn + (int)(tsn - (uint)cumulativeTsn);

    /// <summary>Fragments of one message have consecutive TSNs: look back to its B chunk and ahead to its E chunk.</summary>
    private void TryAssemble(long tsn, List<SctpMessage> delivered)
    {
        // A peer that mixes up B/E flags or streams inside one message never gets it delivered; it cannot merge two.
        var first = tsn;
        while (!held[first].Beginning)
        {
            if (!held.TryGetValue(first - 1, out var previous) || previous.Ending || !SameMessage(previous, held[first]))
            {
                return;
            }

            first--;
        }

        var last = tsn;
        while (!held[last].Ending)
        {
            if (!held.TryGetValue(last + 1, out var next) || next.Beginning || !SameMessage(next, held[last]))
            {
                return;
            }

            last++;
        }

        var head = held[first];
        var size = 0;
        for (var t = first; t <= last; t++)
        {
            size += held[t].UserData.Length;
        }

        var data = new byte[size];
        var offset = 0;
        for (var t = first; t <= last; t++)
        {
            held.Remove(t, out var fragment);
            fragment!.UserData.Span.CopyTo(data.AsSpan(offset));
            offset += fragment.UserData.Length;
        }

        var message = new SctpMessage(head.StreamId, head.PayloadProtocol, data, head.Unordered);
        if (head.Unordered)
        {
            heldBytes -= size;
            delivered.Add(message);
            return;
        }

        // Ordered: hold until every earlier message of the stream is out (heldBytes still counts it).
        if (!waiting.TryGetValue(head.StreamId, out var queue))
        {
            queue = [];
            waiting.Add(head.StreamId, queue);
        }

        queue[head.StreamSequence] = message;
        var expected = expectedSequence.GetValueOrDefault(head.StreamId);
        while (queue.Remove(expected, out var next))
        {
            heldBytes -= next.Data.Length;
            delivered.Add(next);
            expected++;
        }

        expectedSequence[head.StreamId] = expected;
        if (queue.Count == 0)
        {
            waiting.Remove(head.StreamId);
        }
    }
}
