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
/// Whatever order guests and stays are written and stays move in, a whole-chain replica's followers
/// name exactly the properties some stored version of a guest's stays belonged to, read back the same
/// from its store; and a property's reader that pulls its scope of the feed after every write holds,
/// after each pull, every stored guest its property's stays reference, though it read past the guest
/// before a stay brought it.
/// </summary>
public sealed class FollowersPropertyTests
{
    private static readonly string[] Properties = ["p1", "p2", "p3"];

    private static readonly Gen<(bool Guest, int Stay, int GuestOf, int Property)> Step =
        from guest in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from stay in Gen.Choose(1, 4)
        from guestOf in Gen.Choose(1, 3)
        from property in Gen.Choose(0, Properties.Length - 1)
        select (guest, stay, guestOf, property);

    [Property(MaxTest = 200)]
    public Property Followers_are_the_properties_each_guests_stays_were_at_and_a_propertys_pulls_never_leave_a_stay_without_its_guest() =>
        Prop.ForAll(Gen.ListOf(Step).ToArbitrary(), steps =>
        {
            var time = new ManualTime();
            var cloud = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(time, "cloud"));
            var followers = cloud.FollowReferences();
            var expected = new HashSet<(string Guest, string Property)>();
            var stays = new Dictionary<int, string>(); // a stay keeps its guest; only its property moves
            var readers = Properties.Select(property => new Reader(ReplicaScope.OfProperty(property))).ToList();
            var dangling = new List<string>();
            foreach (var (isGuest, stay, guestOf, index) in steps)
            {
                time.Advance();
                var property = Properties[index];
                if (isGuest)
                {
                    cloud.Write("guests", $"g{guestOf}", FollowedGuestsTests.Guest($"g{guestOf}"));
                }
                else
                {
                    var guest = stays.TryGetValue(stay, out var kept) ? kept : stays[stay] = $"g{guestOf}";
                    cloud.Write("reservations", $"r{stay}", FollowedGuestsTests.Reservation($"r{stay}", guest, property));
                    expected.Add((guest, property));
                }

                foreach (var reader in readers)
                {
                    reader.Pull(cloud, followers);
                    dangling.AddRange(reader.Dangling(cloud, followers));
                }
            }

            var read = new Replica(cloud.Store, new HybridLogicalClock(time, "cloud")).FollowReferences();
            var guests = Enumerable.Range(1, 3).Select(i => $"g{i}").ToList();
            return dangling.Count == 0 && Properties.All(property => guests.All(guest =>
                followers.Follows("guests", guest, property) == expected.Contains((guest, property))
                && read.Follows("guests", guest, property) == expected.Contains((guest, property))));
        });

    /// <summary>A property's replica pulling the cloud's feed from its checkpoint, as a scoped connection is served.</summary>
    private sealed class Reader(ReplicaScope scope)
    {
        private readonly Dictionary<string, Document> _held = new(StringComparer.Ordinal);
        private long _checkpoint;

        public void Pull(Replica cloud, Followers followers)
        {
            var page = cloud.Store.ChangesSince(_checkpoint, int.MaxValue);
            foreach (var change in page.Changes.Where(change => scope.Concerns(change, followers)))
            {
                _held[change.Document.Collection + "/" + change.Document.Id] = scope.AsKept(change.Document);
            }

            _checkpoint = page.Checkpoint;
        }

        /// <summary>Stays of this property it holds whose guest the cloud stores but it does not.</summary>
        public IEnumerable<string> Dangling(Replica cloud, Followers followers) =>
            _held.Values.Select(followers.ReferenceOf).OfType<(string Collection, string Id, string Property)>()
                .Where(reference => reference.Property == scope.Property && cloud.Get(reference.Collection, reference.Id) is not null
                    && !_held.ContainsKey(reference.Collection + "/" + reference.Id))
                .Select(reference => $"{scope}: {reference.Id}");
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

        public void Advance() => _now = _now.AddMilliseconds(1);

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
