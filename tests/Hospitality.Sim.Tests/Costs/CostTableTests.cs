using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sim.Costs;
using Hospitality.Sim.Scenarios;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Costs;

/// <summary>scenarios/costs.yaml: the prices of every report's cost section, read with errors that name the line.</summary>
public sealed class CostTableTests
{
    private const string Noise = ":-[]{}#&*\n '\"x1";

    private static readonly string RepositoryTable = File.ReadAllText(Path.Combine(RepositoryFiles.ScenariosDirectory, "costs.yaml"));

    [Fact]
    public void The_embedded_prices_are_the_repository_file_with_the_seed_guide_totals()
    {
        var table = CostTable.Documented();
        Assert.Equal(CostTable.EmbeddedName, table.Source);
        Assert.Equal(CostTable.Parse(RepositoryTable, "costs.yaml").Metered, table.Metered);
        Assert.Equal(18, table.SeedTotals[PropertyTopology.Greengrass]);
        Assert.Equal(20, table.SeedTotals[PropertyTopology.CloudOnly]);
        Assert.Contains(table.Fixed, item => item.Item.StartsWith("cloud backup", StringComparison.Ordinal) && item.Price == 10);
    }

    [Fact]
    public void A_metered_price_charges_only_what_is_above_its_free_allowance()
    {
        var bytes = CostTable.Documented().Metered.Single(price => price.Id == "cloud-egress-bytes");
        Assert.Equal(0, bytes.Amount(0.9e9));
        Assert.Equal(10 * 0.333, bytes.Amount(11e9), 9);
    }

    [Theory]
    [InlineData("metered:\n  - { id: cloud-calls, price: 1, per: 1000 }\n", 2, "metered[0].id: 'cloud-calls' is not one of")]
    [InlineData("metered:\n  - { id: live-messages, price: -1, per: 1000 }\n", 2, "metered[0].price: '-1' must be a number from 0")]
    [InlineData("metered: []\nfixed:\n  - { item: backup, price: 10, applies-to: everywhere }\n", 3, "fixed[0].applies-to: 'everywhere' is not one of")]
    [InlineData("metered: []\ncurrency: USD\ntaxes: 19%\n", 3, "taxes: unknown key")]
    public void A_bad_price_table_is_refused_with_the_line_and_what_is_allowed(string yaml, int line, string message)
    {
        var exception = Assert.Throws<ScenarioException>(() => CostTable.Parse(yaml, "costs.yaml"));
        Assert.Contains(exception.Errors, error => error.Line == line && error.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_costs_file_beside_a_scenario_wins_over_the_embedded_one()
    {
        var directory = Directory.CreateTempSubdirectory("hsim-costs-").FullName;
        File.WriteAllText(Path.Combine(directory, "costs.yaml"), "currency: EUR\nmetered:\n  - { id: cloud-requests, price: 2, per: 1000000 }\n");
        var table = CostTable.For(Path.Combine(directory, "my-hotel.yaml"));
        Assert.Equal("EUR", table.Currency);
        Assert.True(CostTable.IsCostTable(Path.Combine(directory, "costs.yaml")));
        Assert.False(CostTable.IsCostTable(Path.Combine(RepositoryFiles.ScenariosDirectory, "uc2-medium-hotel.yaml")));
    }

    /// <summary>Mutated price tables give a table or a <see cref="ScenarioException"/> whose errors have places, never another exception.</summary>
    [Property(MaxTest = 500)]
    public Property Mutated_price_tables_give_prices_or_errors_with_places_never_an_exception() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), (seed, edits) =>
        {
            var random = new Random(seed);
            var text = RepositoryTable.ToCharArray().ToList();
            for (var i = 0; i < edits && text.Count > 0; i++)
            {
                var at = random.Next(text.Count);
                switch (random.Next(3))
                {
                    case 0: text.RemoveAt(at); break;
                    case 1: text.Insert(at, Noise[random.Next(Noise.Length)]); break;
                    default: text.InsertRange(at, text.Skip(random.Next(text.Count)).Take(random.Next(40)).ToList()); break;
                }
            }

            try
            {
                CostTable.Parse(new string(text.ToArray()), "costs.yaml");
                return true;
            }
            catch (ScenarioException exception)
            {
                return exception.Errors.Count > 0 && exception.Errors.All(error => error.Line >= 1 && error.Column >= 1);
            }
        });
}
