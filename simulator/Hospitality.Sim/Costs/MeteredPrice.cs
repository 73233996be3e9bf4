namespace Hospitality.Sim.Costs;

/// <summary>A price per quantity the run measures: <see cref="Price"/> for every <see cref="Per"/> above a monthly free allowance per property.</summary>
public sealed record MeteredPrice(string Id, string What, double Price, double Per, double Free, string Source)
{
    /// <summary>What a property's monthly <paramref name="quantity"/> costs.</summary>
    public double Amount(double quantity) => Math.Max(0, quantity - Free) / Per * Price;
}
