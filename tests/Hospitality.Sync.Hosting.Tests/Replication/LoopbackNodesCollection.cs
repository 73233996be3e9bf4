namespace Hospitality.Sync.Hosting.Tests.Replication;

/// <summary>
/// Tests that run whole nodes on loopback ports run one class at a time: a node restarted on its
/// port must not find it taken by another class's node that picked the same free port meanwhile.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LoopbackNodesCollection
{
    public const string Name = "loopback nodes";
}
