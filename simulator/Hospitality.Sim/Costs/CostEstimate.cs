using System.Globalization;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Costs;

/// <summary>
/// Prices a world's run per property per month: what the cloud's processor did for the property's
/// nodes (requests, live messages) and the bytes between them and the cloud, at the run's rate over
/// 30 days, with the table's prices and fixed items.
/// </summary>
public static class CostEstimate
{
    private const double MonthSeconds = 30 * 86_400;

    /// <param name="propertyNames">The properties' names, in the world's order.</param>
    public static CostReport Of(CostTable table, HotelChainWorld world, IReadOnlyList<string> propertyNames)
    {
        var factor = MonthSeconds / Math.Max(1, world.Simulation.Now.TotalSeconds);
        var cloud = world.CloudNode.Processor;
        var properties = world.Properties.Select(property =>
        {
            var hosts = world.Nodes.Where(node => node.Property == property.Number).Select(node => node.Host).ToList();
            var measured = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["cloud-requests"] = factor * (cloud.Work(NodeWorkKind.PullPage, property.Number) + cloud.Work(NodeWorkKind.PushBatch, property.Number) + cloud.Work(NodeWorkKind.Health, property.Number)),
                ["live-messages"] = factor * cloud.Work(NodeWorkKind.LiveFanOut, property.Number),
                ["cloud-egress-bytes"] = factor * hosts.Sum(host => CloudBytes(world, host, TrafficDirection.Sent)),
                ["cloud-ingress-bytes"] = factor * hosts.Sum(host => CloudBytes(world, host, TrafficDirection.Received)),
            };
            var topology = property.GreengrassNode is null ? PropertyTopology.CloudOnly : PropertyTopology.Greengrass;
            var metered = table.Metered.Sum(price => price.Amount(measured[price.Id]));
            var fixedAmount = table.Fixed.Where(item => Applies(item, topology)).Sum(item => item.Price);
            return new PropertyCost(
                propertyNames[property.Number - 1],
                topology == PropertyTopology.Greengrass ? "Greengrass + cloud" : "cloud only",
                measured["cloud-requests"],
                measured["live-messages"],
                measured["cloud-egress-bytes"],
                measured["cloud-ingress-bytes"],
                metered,
                fixedAmount,
                metered + fixedAmount,
                table.SeedTotals.TryGetValue(topology, out var seed) ? seed : null);
        }).ToList();
        var prices = table.Metered.Select(price => new PriceReport(price.What, PriceText(price, table.Currency), price.Source))
            .Concat(table.Fixed.Select(item => new PriceReport(
                $"{item.Item} ({(item.AppliesTo == PropertyTopology.All ? "every property" : item.AppliesTo == PropertyTopology.Greengrass ? "with a Greengrass" : "cloud only")})",
                $"{Money(item.Price)} {table.Currency} per month",
                item.Source)))
            .ToList();
        return new CostReport(table.Source, table.Currency, factor, prices, properties);
    }

    private static bool Applies(FixedPrice item, PropertyTopology topology) => item.AppliesTo == PropertyTopology.All || item.AppliesTo == topology;

    // Bytes the cloud sent to (or received from) one host, on every channel, at the IP layer.
    private static long CloudBytes(HotelChainWorld world, SimHost host, TrafficDirection direction) =>
        Enum.GetValues<TrafficKind>().Sum(kind => world.Network.Traffic.Peer(world.CloudHost, host, kind, direction).WireBytes);

    private static string PriceText(MeteredPrice price, string currency)
    {
        var bytes = price.Id.EndsWith("-bytes", StringComparison.Ordinal);
        var unit = price.Id switch { "cloud-requests" => " requests", "live-messages" => " messages", _ => "" };
        string Amount(double quantity) => bytes ? Units.Bytes(quantity) : quantity.ToString("N0", CultureInfo.InvariantCulture) + unit;
        var free = price.Free > 0 ? $", the first {Amount(price.Free)} a month free" : "";
        return $"{Money(price.Price)} {currency} per {Amount(price.Per)}{free}";
    }

    private static string Money(double amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);
}
