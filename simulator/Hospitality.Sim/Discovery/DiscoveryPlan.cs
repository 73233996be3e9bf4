using Hospitality.Sync.Detection;
using Hospitality.Sync.Replication;

namespace Hospitality.Sim.Discovery;

/// <summary>What a device of an mDNS property needs: its property's id, the cloud to probe, the strategies to follow, and where to report.</summary>
internal sealed record DiscoveryPlan(string PropertyId, ReplicationEndpoint Cloud, SyncStrategyTable Strategies, DiscoveryLog Log);
