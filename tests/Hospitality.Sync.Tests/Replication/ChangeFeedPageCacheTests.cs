using Hospitality.Sync.Clock;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;
using Hospitality.Sync.Tests.Clock;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>A server's pages of its change feed: read and encoded once for every client asking the same, never older than the store.</summary>
public sealed class ChangeFeedPageCacheTests
{
    private static readonly DateTimeOffset Morning = new(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);

    private readonly Replica _greengrass = new(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(new ManualTimeProvider(Morning), "greengrass"));

    [Fact]
    public void Clients_asking_for_the_same_page_share_one_read_and_one_encoding()
    {
        Write(3);
        var pages = new ChangeFeedPageCache(_greengrass);

        var first = pages.ChangesSince(0, 10);

        Assert.Same(first, pages.ChangesSince(0, 10));
        Assert.Same(pages.EncodedPullResponse(4, 0, 10), pages.EncodedPullResponse(4, 0, 10));
        Assert.NotSame(pages.EncodedPullResponse(4, 0, 10), pages.EncodedPullResponse(5, 0, 10));
        Assert.Equal(new PullResponse(5, first.Changes.Select(change => change.Document).ToList(), 3).Documents, Decoded<PullResponse>(pages.EncodedPullResponse(5, 0, 10)).Documents);
        Assert.NotSame(first, pages.ChangesSince(0, 2));
    }

    [Fact]
    public void The_cache_holds_at_most_64_pages_and_starts_over_when_full()
    {
        Write(3);
        var pages = new ChangeFeedPageCache(_greengrass);
        var first = pages.ChangesSince(0, 1);
        for (var limit = 2; limit <= 63; limit++)
        {
            pages.ChangesSince(0, limit);
        }

        Assert.Same(first, pages.ChangesSince(0, 1));
        pages.ChangesSince(0, 64);

        Assert.NotSame(first, pages.ChangesSince(0, 1));
    }

    [Fact]
    public void A_write_makes_the_next_read_see_it()
    {
        Write(1);
        var pages = new ChangeFeedPageCache(_greengrass);
        var before = pages.ChangesSince(0, 10);

        Write(1, from: 1);

        var after = pages.ChangesSince(0, 10);
        Assert.Single(before.Changes);
        Assert.Equal(2, after.Changes.Count);
        Assert.Equal(2, Decoded<PullResponse>(pages.EncodedPullResponse(1, 0, 10)).Documents.Count);
    }

    [Fact]
    public void A_page_already_read_is_encoded_as_read_even_after_the_feed_moved_on()
    {
        Write(1);
        var pages = new ChangeFeedPageCache(_greengrass);
        var read = pages.ChangesSince(0, 10);
        Write(1, from: 1);

        var frame = pages.EncodedChangeEvent(9, read);

        var change = Decoded<ChangeEvent>(frame);
        Assert.Single(change.Documents);
        Assert.Equal(read.Checkpoint, change.Checkpoint);
        Assert.Same(frame, pages.EncodedChangeEvent(9, read));
    }

    [Fact]
    public void A_page_the_cache_never_handed_out_is_encoded_afresh()
    {
        Write(2);
        var pages = new ChangeFeedPageCache(_greengrass);
        var elsewhere = _greengrass.ChangesSince(0, 10);

        var frame = pages.EncodedChangeEvent(9, elsewhere);

        Assert.Equal(2, Decoded<ChangeEvent>(frame).Documents.Count);
        Assert.NotSame(frame, pages.EncodedChangeEvent(9, elsewhere));
    }

    [Fact]
    public void Whole_and_delta_encodings_of_one_page_are_kept_apart()
    {
        Write(1);
        var pages = new ChangeFeedPageCache(_greengrass);
        var read = pages.ChangesSince(0, 10);

        var whole = pages.EncodedChangeEvent(9, read);
        var withDeltas = pages.EncodedChangeEvent(9, read, (subscription, page) => new ChangeEvent(subscription, [], page.Checkpoint));

        Assert.Single(Decoded<ChangeEvent>(whole).Documents);
        Assert.Empty(Decoded<ChangeEvent>(withDeltas).Documents);
    }

    [Fact]
    public void A_page_keeps_at_most_eight_frames_and_the_cache_at_most_sixty_four_pages()
    {
        Write(1);
        var pages = new ChangeFeedPageCache(_greengrass);
        var firstFrame = pages.EncodedPullResponse(0, 0, 10);
        for (var request = 1; request < 8; request++)
        {
            pages.EncodedPullResponse(request, 0, 10);
        }

        Assert.Same(firstFrame, pages.EncodedPullResponse(0, 0, 10));
        pages.EncodedPullResponse(8, 0, 10);
        Assert.NotSame(firstFrame, pages.EncodedPullResponse(0, 0, 10));

        var firstPage = pages.ChangesSince(0, 1);
        for (var limit = 2; limit <= 63; limit++)
        {
            pages.ChangesSince(0, limit);
        }

        Assert.Same(firstPage, pages.ChangesSince(0, 1));
        pages.ChangesSince(0, 100);
        pages.ChangesSince(0, 101);
        Assert.NotSame(firstPage, pages.ChangesSince(0, 1));
    }

    private void Write(int count, int from = 0)
    {
        for (var i = from; i < from + count; i++)
        {
            _greengrass.Write("rooms", $"room-{i}", $$"""{"id":"room-{{i}}","number":"{{i}}","floor":1,"type":"deluxe","status":"clean"}""");
        }
    }

    private static T Decoded<T>(byte[] frame)
        where T : ProtocolMessage => Assert.IsType<T>(ProtocolCodec.Decode(frame).Message);
}
