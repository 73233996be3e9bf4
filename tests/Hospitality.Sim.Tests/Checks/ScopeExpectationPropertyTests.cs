using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Checks;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;

namespace Hospitality.Sim.Tests.Checks;

public sealed class ScopeExpectationPropertyTests
{
    private static readonly string[] Properties = ["p1", "p2", "p3"];

    /// <summary>The one-pass count per scope is what counting each document the scope holds gives, for any mix of property documents, chain-wide ones, tombstones, reservations and their guests.</summary>
    [Property(MaxTest = 300)]
    public bool Each_scope_holds_as_many_documents_as_it_holds_one_by_one(byte[] codes)
    {
        var state = codes.Select(Document).DistinctBy(document => (document.Collection, document.Id)).ToList();
        var expectation = new ScopeExpectation(state);

        return Properties.Append("p-none").Select(property => ReplicaScope.OfProperty(property)).Append(ReplicaScope.WholeChain)
            .All(scope => expectation.HeldBy(scope) == state.Count(document => expectation.Holds(scope, document)));
    }

    [Fact]
    public void A_guest_counts_for_each_property_whose_reservation_references_it_and_a_tombstone_for_every_one()
    {
        // A room of p1; guests 0 and 1; guest 0's reservations at p1 and at p2; a rate plan; a tombstone of a p2 room.
        var state = new[] { Document(0b0000_0000), Document(0b0000_0010), Document(0b0001_0010), Document(0b0000_0001), Document(0b0000_0101), Document(0b0000_0011), Document(0b0100_0100) };
        var expectation = new ScopeExpectation(state);

        Assert.Equal(
            [5, 4, 2, 7],
            new[] { ReplicaScope.OfProperty("p1"), ReplicaScope.OfProperty("p2"), ReplicaScope.OfProperty("p3"), ReplicaScope.WholeChain }.Select(expectation.HeldBy));
    }

    // Bits 0-1: the kind (a room, a reservation, a guest, a rate plan without a property); bits 2-3: the
    // property (or none); bits 4-5: which guest a reservation references, and the document's number;
    // bit 6: a tombstone.
    private static Document Document(byte code)
    {
        var property = (code >> 2 & 3) is var p && p < Properties.Length ? Properties[p] : null;
        var number = code >> 4 & 3;
        var placed = property is null ? "" : $",\"propertyId\":\"{property}\"";
        var (collection, id, body) = (code & 3) switch
        {
            0 => ("rooms", $"room-{number}-{property}", $"{{\"id\":\"room-{number}-{property}\",\"number\":\"{number}\",\"floor\":1,\"type\":\"deluxe\",\"status\":\"clean\"{placed}}}"),
            1 => ("reservations", $"res-{number}-{property}", $"{{\"id\":\"res-{number}-{property}\",\"guestId\":\"guest-{number}\",\"checkIn\":\"2026-12-08T15:00:00Z\",\"checkOut\":\"2026-12-10T11:00:00Z\",\"status\":\"booked\",\"adults\":2{placed}}}"),
            2 => ("guests", $"guest-{number}", $"{{\"id\":\"guest-{number}\",\"name\":\"Guest {number}\"}}"),
            _ => ("rate-plans", $"plan-{number}", $"{{\"id\":\"plan-{number}\"}}"),
        };
        return new Document(collection, id, body, new HlcTimestamp(code, 0, "tablet-1"), Deleted: (code & 0x40) != 0, "tablet-1");
    }
}
