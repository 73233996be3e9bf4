namespace Hospitality.Reports.Model;

/// <summary>One line of the price table as the run used it: the item, its price as written, and where the price comes from.</summary>
public sealed record PriceReport(string Item, string Price, string Source);
