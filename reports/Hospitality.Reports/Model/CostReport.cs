namespace Hospitality.Reports.Model;

/// <summary>
/// What each property costs per month at the run's rate: the requests, live messages and bytes the
/// run measured at the cloud, extrapolated from the run's length to 30 days (<see cref="MonthFactor"/>)
/// and priced by <see cref="PricesFile"/>, plus fixed items.
/// </summary>
public sealed record CostReport(string PricesFile, string Currency, double MonthFactor, IReadOnlyList<PriceReport> Prices, IReadOnlyList<PropertyCost> Properties);
