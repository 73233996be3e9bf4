using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Scoping;

namespace Hospitality.Sync.Tests.Scoping;

/// <summary>A document's departures hold each property it left once, read back as stored, and nothing a store column holds makes the parser throw anything but its own error.</summary>
public sealed class DeparturesPropertyTests
{
    private static readonly Gen<string> Property = Gen.Elements("berlin", "munich", "paris", "p1", "p10", "p-1", "a.b", "x_y");

    [Property(MaxTest = 500)]
    public Property Departures_hold_every_property_left_once_in_the_order_first_left() =>
        Prop.ForAll(Gen.ListOf(Property).ToArbitrary(), left =>
        {
            var departures = left.Aggregate(Departures.None, (so, property) => so.With(property));
            var expected = left.Distinct().ToList();
            return departures.Properties.SequenceEqual(expected)
                && expected.All(departures.Contains)
                && !departures.Contains("rome")
                && Departures.Parse(departures.Stored) == departures;
        });

    [Property(MaxTest = 500)]
    public Property A_property_is_contained_only_as_a_whole_entry_never_as_part_of_one() =>
        Prop.ForAll(Gen.ListOf(Property).ToArbitrary(), Gen.Elements("p", "p1", "p10", "1", "berlin", "erlin", "a", "x_y").ToArbitrary(), (left, asked) =>
            left.Aggregate(Departures.None, (so, property) => so.With(property)).Contains(asked) == left.Contains(asked));

    [Property(MaxTest = 1_000)]
    public bool Any_stored_text_reads_back_or_raises_a_format_error(string? stored)
    {
        try
        {
            var departures = Departures.Parse(stored);
            return departures.Stored == stored;
        }
        catch (FormatException)
        {
            return true;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("berlin,")]
    [InlineData(",berlin")]
    [InlineData("berlin,,munich")]
    [InlineData("berlin munich")]
    public void A_stored_list_that_is_not_identifiers_separated_by_commas_is_refused(string stored) =>
        Assert.Throws<FormatException>(() => Departures.Parse(stored));

    [Fact]
    public void A_property_that_is_not_an_identifier_is_never_added() =>
        Assert.Throws<ArgumentException>(() => Departures.None.With("berlin,munich"));
}
