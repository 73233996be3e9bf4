using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>
/// A document state as an RxDB client sends it, mapped to ours: the body without RxDB's and our
/// metadata (a tombstone's body is <c>{}</c>), whether it is deleted (<c>_deleted</c>), the HLC stamp
/// of the master version it was read from (<c>hlc</c>, absent for a state the client made up), and the
/// client's write time (our schemas' <c>updatedAt</c>) in Unix milliseconds.
/// </summary>
internal sealed record RxDbState(string Id, string BodyJson, bool Deleted, HlcTimestamp? Hlc, long? UpdatedAtMilliseconds);
