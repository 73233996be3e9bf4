using System.Text.Json.Serialization;

namespace Hospitality.Sync.Node.Endpoints;

/// <summary>
/// The readiness answer: <c>{"status":"ready","outbox":0}</c>, and on a device with P2P the peers it has a
/// link open to now (<c>"peersLinked":2</c>), so an operator (or a test) sees the mesh and the queue at a glance.
/// </summary>
internal sealed record ReadyAnswer(
    string Status,
    int Outbox,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PeersLinked);
