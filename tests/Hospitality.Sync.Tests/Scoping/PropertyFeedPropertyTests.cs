using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;
using Hospitality.Sync.Tests.Replication;

namespace Hospitality.Sync.Tests.Scoping;

/// <summary>
/// Whatever a whole-chain server stores (stays and rooms written, moved and deleted, guests, chain-wide
/// and unplaced documents, pulled or pushed, one at a time or in batches), each property's share of its
/// feed read from the store's index and the followers (<see cref="PropertyFeed"/>) is exactly the whole
/// feed filtered by the property's scope, as a scoped connection was served before: the same changes,
/// as kept, in the same order, with the same checkpoint, from every position and for every page size;
/// and again after the server restarts and reads its followers back from the store.
/// </summary>
public sealed class PropertyFeedPropertyTests
{
    private static readonly string[] Properties = ["p1", "p2", "p3"];
    private static readonly int[] Limits = [1, 2, 5, 1_000];

    /// <summary>One write: what kind, which document, at which property, whether it joins the previous write's batch, whether it is pushed (validated) or pulled.</summary>
    private static readonly Gen<(int Kind, int Document, int Property, bool Batched, bool Pushed)> Step =
        from kind in Gen.Choose(0, 8)
        from document in Gen.Choose(1, 3)
        from property in Gen.Choose(0, Properties.Length - 1)
        from batched in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from pushed in Gen.Elements(true, false)
        select (kind, document, property, batched, pushed);

    [Property(MaxTest = 120)]
    public Property A_propertys_share_of_the_feed_is_the_whole_feed_filtered_by_its_scope() =>
        Prop.ForAll(Gen.ListOf(Step).ToArbitrary(), steps =>
        {
            var time = new ManualTime();
            var store = SqliteDocumentStore.OpenInMemory();
            var cloud = new Replica(store, new HybridLogicalClock(time, "cloud"));
            var followers = cloud.FollowReferences();
            var stays = new Dictionary<string, (string Guest, string Property)>(StringComparer.Ordinal);
            var batch = new List<Document>();
            var pushed = false;
            var pulled = 0L;
            var differences = new List<string>();
            foreach (var step in steps)
            {
                if (!step.Batched && batch.Count > 0)
                {
                    Merge(cloud, batch, pushed, ref pulled);
                    if (pulled % 8 == 0)
                    {
                        differences.AddRange(Differences(cloud, followers, $"after {pulled} batches"));
                    }
                }

                time.Advance();
                pushed = step.Pushed;
                batch.Add(Version(step, stays, time.GetUtcNow().ToUnixTimeMilliseconds()));
            }

            if (batch.Count > 0)
            {
                Merge(cloud, batch, pushed, ref pulled);
            }

            differences.AddRange(Differences(cloud, followers, "at the end"));
            var restarted = new Replica(store, new HybridLogicalClock(time, "cloud"));
            differences.AddRange(Differences(restarted, restarted.FollowReferences(), "after a restart"));
            store.Dispose();
            return differences.Count == 0 ? true.ToProperty() : false.Label(string.Join("\n", differences.Take(5)));
        });

    private static void Merge(Replica cloud, List<Document> batch, bool pushed, ref long pulled)
    {
        pulled++;
        _ = pushed ? cloud.Merge(batch.ToList()) : cloud.Merge(batch.ToList(), "upstream", pulled);
        batch.Clear();
    }

    /// <summary>A version of one of the generated documents; a stay keeps its guest and moves only by a transfer from where it is.</summary>
    private static Document Version((int Kind, int Document, int Property, bool Batched, bool Pushed) step, Dictionary<string, (string Guest, string Property)> stays, long wallMs)
    {
        var property = Properties[step.Property];
        var stamp = new HlcTimestamp(wallMs, 0, "tablet-1");
        var stay = $"r{step.Document}";
        switch (step.Kind)
        {
            case 0:
                return new Document("guests", $"g{step.Document}", FollowedGuestsTests.Guest($"g{step.Document}"), stamp, false, "tablet-1");
            case 1 or 2:
                {
                    // A new stay, an edit where it is, or (kind 2) a transfer from where it is to the step's property.
                    var (guest, at) = stays.TryGetValue(stay, out var known) ? known : ($"g{4 - step.Document}", property);
                    var movedFrom = step.Kind == 2 && at != property ? at : null;
                    stays[stay] = (guest, step.Kind == 2 ? property : at);
                    return new Document("reservations", stay, FollowedGuestsTests.Reservation(stay, guest, step.Kind == 2 ? property : at, movedFrom), stamp, false, "tablet-1");
                }
            case 3:
                return new Document("reservations", stay, "{}", stamp, true, "tablet-1");
            case 4:
                return new Document("guests", $"g{step.Document}", "{}", stamp, true, "tablet-1");
            case 5:
                return new Document("rooms", $"room-{step.Document}", Room(step.Document, $""","propertyId":"{property}" """), stamp, false, "tablet-1");
            case 6:
                // Placed nowhere (data from before scoping), or at something that is no property id.
                return new Document("rooms", $"room-{step.Document}", Room(step.Document, step.Document == 1 ? "" : ""","propertyId":"not a property!" """), stamp, false, "tablet-1");
            case 7:
                // A collection no schema declares is chain-wide, whatever property its body names.
                return new Document("rate-plans", $"plan-{step.Document}", $$"""{"id":"plan-{{step.Document}}","propertyId":"{{property}}"}""", stamp, false, "tablet-1");
            default:
                // A room moved away from the step's property, as one created and transferred while its writer was away arrives.
                return new Document("rooms", $"room-{step.Document}", Room(step.Document, $""","propertyId":"{Properties[(step.Property + 1) % Properties.Length]}","movedFrom":"{property}" """), stamp, false, "tablet-1");
        }
    }

    private static string Room(int number, string placement) =>
        $$"""{"id":"room-{{number}}","number":"{{100 + number}}","floor":1,"type":"double","status":"clean"{{placement.TrimEnd()}}}""";

    private static IEnumerable<string> Differences(Replica cloud, Followers followers, string when)
    {
        var feed = new PropertyFeed(cloud, followers);
        foreach (var property in Properties)
        {
            var scope = ReplicaScope.WholeChain.Narrowed(property)!;
            foreach (var limit in Limits)
            {
                for (var since = 0L; since <= cloud.LastSequence + 1; since++)
                {
                    var expected = Filtered(cloud, followers, scope, since, limit);
                    var actual = feed.ChangesSince(scope, since, limit);
                    if (actual.Checkpoint != expected.Checkpoint || !actual.Changes.SequenceEqual(expected.Changes))
                    {
                        yield return $"{when}, {property} after {since} by {limit}: expected [{Describe(expected)}], read [{Describe(actual)}]";
                    }
                }
            }
        }
    }

    /// <summary>How a scoped connection's page was read before: the whole feed, filtered by the scope, read on past what it does not concern.</summary>
    private static ChangeBatch Filtered(Replica cloud, Followers followers, ReplicaScope scope, long since, int limit)
    {
        var kept = new List<StoredChange>();
        var checkpoint = since;
        while (true)
        {
            var page = cloud.ChangesSince(checkpoint, limit);
            foreach (var change in page.Changes)
            {
                checkpoint = change.Sequence;
                if (scope.Concerns(change, followers))
                {
                    kept.Add(change with { Document = scope.AsKept(change.Document) });
                    if (kept.Count == limit)
                    {
                        return new ChangeBatch(kept, checkpoint);
                    }
                }
            }

            if (page.Changes.Count < limit)
            {
                return new ChangeBatch(kept, page.Checkpoint);
            }
        }
    }

    private static string Describe(ChangeBatch batch) =>
        string.Join(", ", batch.Changes.Select(change => $"{change.Sequence}:{change.Document.Collection}/{change.Document.Id}{(change.Document.Deleted ? "(deleted)" : "")}")) + $" to {batch.Checkpoint}";

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

        public void Advance() => _now = _now.AddMilliseconds(1);

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
