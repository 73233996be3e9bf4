using System.Globalization;
using Hospitality.Reports.Model;

namespace Hospitality.Reports.Formatting;

/// <summary>The cost section of report.md and report.html, as text: a row per property, then the prices used.</summary>
public static class CostRows
{
    public static readonly (string Header, bool Numeric)[] PropertyColumns =
    [
        ("Property", false), ("Topology", false), ("Cloud requests", true), ("Live messages", true), ("Cloud → property", true), ("Property → cloud", true),
        ("Metered", true), ("Fixed", true), ("Per month", true), ("Seed guide", true),
    ];

    public static readonly (string Header, bool Numeric)[] PriceColumns = [("Item", false), ("Price", false), ("Source", false)];

    public static string Explanation(CostReport cost) =>
        $"What each property costs per month at this run's rate: the requests, live messages and bytes measured at the cloud, "
        + $"times {Units.Number(cost.MonthFactor)} (30 days over the run's length), priced by {cost.PricesFile}, plus fixed items. "
        + "A run of busy hours overstates a month; a quiet one understates it.";

    public static IEnumerable<string[]> Properties(CostReport cost) => cost.Properties.Select(property => new[]
    {
        property.Property,
        property.Topology,
        Units.Count((long)Math.Round(property.Requests)),
        Units.Count((long)Math.Round(property.Messages)),
        Units.Bytes(property.CloudToPropertyBytes),
        Units.Bytes(property.PropertyToCloudBytes),
        Money(property.Metered, cost.Currency),
        Money(property.Fixed, cost.Currency),
        Money(property.Total, cost.Currency),
        property.SeedTotal is { } seed ? Money(seed, cost.Currency) : "—",
    });

    public static IEnumerable<string[]> Prices(CostReport cost) => cost.Prices.Select(price => new[] { price.Item, price.Price, price.Source });

    public static string Money(double amount, string currency) => $"{amount.ToString("N2", CultureInfo.InvariantCulture)} {currency}";
}
