using Hospitality.Sync.Access;
using Hospitality.Sync.Hosting.Replicas;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>One property served over the RxDB endpoints: its replica, and who may use it.</summary>
public sealed record RxDbProperty(IReplicaAccess Replica, PropertyAccess Access);
