namespace Hospitality.Sync.Node.Service;

/// <summary>Where a node is in its life; readiness answers 200 only while <see cref="Ready"/>.</summary>
internal enum NodeState
{
    Starting,
    Ready,
    Draining,
    Stopped,
}
