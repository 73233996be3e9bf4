namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>
/// RxDB's checkpoint for our change feed: <c>{"sequence": n}</c>, the serving node's local change
/// sequence up to which the client has every change. RxDB treats it as opaque and hands it back as
/// <c>?checkpoint=n</c>; it means nothing on another node, which is why each upstream has its own.
/// </summary>
internal readonly record struct RxDbCheckpoint(long Sequence);
