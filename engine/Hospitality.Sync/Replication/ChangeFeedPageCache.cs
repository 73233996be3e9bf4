using System.Runtime.CompilerServices;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication;

/// <summary>
/// Pages of a server's change feed, read once and encoded once for every client that asks for the
/// same one. The clients of one server do ask for the same pages: after a change every live stream
/// reads the page after the same checkpoint, and devices catching up pull the same pages with the
/// same request ids. A 500-device resort otherwise ran one query and one encoding per device for
/// every change. Any write to the store (a new last sequence) empties the cache, so a page is
/// never older than the store it came from. On a whole-chain server it also caches each property's
/// share of the feed (<see cref="PropertyFeed"/>) the same way.
/// </summary>
internal sealed class ChangeFeedPageCache(Replica replica, Followers? followers = null)
{
    // Bounded as well as emptied on every write: a few pages of a quiet feed, never a copy of the store.
    private const int MaxPages = 64;
    private const int MaxFramesPerPage = 8;

    // Keyed by the property whose share a page is, null for the whole feed.
    private readonly Dictionary<(string? Property, long Since, int Limit), CachedPage> _pages = [];
    private readonly PropertyFeed? _propertyFeed = followers is null ? null : new PropertyFeed(replica, followers);
    private long _lastSequence = -1;

    // Every page handed out, with its frames, for as long as a stream still holds it: the cache above
    // forgets a page at the next write, but the streams that read it send it after that.
    private readonly ConditionalWeakTable<ChangeBatch, CachedPage> _read = [];

    /// <summary>The changes after <paramref name="since"/>, as <see cref="IDocumentStore.ChangesSince"/> returns them.</summary>
    public ChangeBatch ChangesSince(long since, int limit) => Page(null, since, limit).Batch;

    /// <summary>
    /// On a whole-chain server (one that keeps followers), the next changes after <paramref name="since"/> that
    /// <paramref name="scope"/>, one property's, concerns, as it keeps them (<see cref="PropertyFeed"/>).
    /// </summary>
    public ChangeBatch PropertyChangesSince(ReplicaScope scope, long since, int limit) => Page(scope, since, limit).Batch;

    /// <summary>The encoded <see cref="PullResponse"/> carrying a whole page, or with <paramref name="scope"/> a property's page.</summary>
    public byte[] EncodedPullResponse(long requestId, long since, int limit, ReplicaScope? scope = null) =>
        Page(scope, since, limit).Frame(MessageKind.PullResponse, FrameForm.Whole, requestId, static (id, batch) => new PullResponse(id, Documents(batch), batch.Checkpoint));

    /// <summary>
    /// The encoded <see cref="ChangeEvent"/> carrying exactly <paramref name="page"/>, a page this cache
    /// returned, as a live stream sends it whole;
    /// with <paramref name="withDeltas"/>, the event that function makes of it (changes as deltas). Every
    /// subscriber that read the same page shares one encoding, also after the feed moved on while they
    /// waited for the processor; such a page is never swapped for the page after the same checkpoint
    /// now: the stream has already moved its position to this page's end, and a frame of another page
    /// would skip or add what lies between.
    /// </summary>
    public byte[] EncodedChangeEvent(long subscriptionId, ChangeBatch page, Func<long, ChangeBatch, ChangeEvent>? withDeltas = null)
    {
        var form = withDeltas is null ? FrameForm.Whole : FrameForm.Deltas;
        Func<long, ChangeBatch, ProtocolMessage> encode = withDeltas ?? WholeChangeEvent;
        return _read.TryGetValue(page, out var cached)
            ? cached.Frame(MessageKind.ChangeEvent, form, subscriptionId, encode)
            : ProtocolCodec.Encode(encode(subscriptionId, page));
    }

    private static ChangeEvent WholeChangeEvent(long subscriptionId, ChangeBatch batch) => new(subscriptionId, Documents(batch), batch.Checkpoint);

    private static List<Documents.Document> Documents(ChangeBatch batch) => batch.Changes.Select(change => change.Document).ToList();

    private CachedPage Page(ReplicaScope? scope, long since, int limit)
    {
        if (replica.LastSequence != _lastSequence || _pages.Count >= MaxPages)
        {
            _pages.Clear();
            _lastSequence = replica.LastSequence;
        }

        var key = (scope?.Property, since, limit);
        if (!_pages.TryGetValue(key, out var page))
        {
            page = new CachedPage(scope is null ? replica.ChangesSince(since, limit)
                : _propertyFeed is null ? throw new InvalidOperationException("Only a whole-chain server, which keeps followers, reads a property's share of the feed.")
                : _propertyFeed.ChangesSince(scope, since, limit));
            _pages.Add(key, page);
            _read.AddOrUpdate(page.Batch, page);
        }

        return page;
    }

    private sealed class CachedPage(ChangeBatch batch)
    {
        private readonly Dictionary<(MessageKind Kind, FrameForm Form, long RequestId), byte[]> _frames = [];

        public ChangeBatch Batch { get; } = batch;

        // Frames are shared between connections: nothing may write to them after encoding.
        public byte[] Frame(MessageKind kind, FrameForm form, long requestId, Func<long, ChangeBatch, ProtocolMessage> message)
        {
            if (!_frames.TryGetValue((kind, form, requestId), out var frame))
            {
                if (_frames.Count >= MaxFramesPerPage)
                {
                    _frames.Clear();
                }

                frame = ProtocolCodec.Encode(message(requestId, Batch));
                _frames.Add((kind, form, requestId), frame);
            }

            return frame;
        }
    }

    /// <summary>How a page's changes are encoded: whole documents, or as deltas where they save bytes.</summary>
    private enum FrameForm
    {
        Whole,
        Deltas,
    }
}
