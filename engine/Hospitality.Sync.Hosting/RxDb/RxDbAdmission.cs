using Hospitality.Sync.Access;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>A request that passed the door: the property it is for, its collection and whom its token admitted.</summary>
internal sealed record RxDbAdmission(RxDbProperty Property, string Collection, AccessGrant Grant);
