using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Replication.Protocol;

/// <summary>
/// A message of the replication protocol, shaped like RxDB's replication protocol so RxDB clients
/// can be served later. Requests carry an id that their response repeats.
/// </summary>
public abstract record ProtocolMessage(long RequestId);

/// <summary>
/// Asks for documents changed after <paramref name="Checkpoint"/> in the server's change feed. A P2P
/// peer's pull also says whether it applies flooded changes sent as deltas (<paramref name="Delta"/>;
/// a peer that does not know the field never sends it and is flooded whole documents).
/// </summary>
public sealed record PullRequest(long RequestId, long Checkpoint, int Limit, bool Delta = false) : ProtocolMessage(RequestId);

/// <summary>Up to the requested number of documents, and the checkpoint to pull from next.</summary>
public sealed record PullResponse(long RequestId, IReadOnlyList<Document> Documents, long Checkpoint) : ProtocolMessage(RequestId);

/// <summary>One pushed write: the master state the writer assumed (null for a new document) and its new state.</summary>
public sealed record PushRow(Document? AssumedMaster, Document NewState);

/// <summary>
/// Writes for the server to merge. To a server whose hello agreed to <see cref="HelloResponse.PushDelta"/>,
/// some go as <paramref name="Deltas"/> against the version the client believes the server holds; the
/// server merges them after <paramref name="Rows"/>, each rebuilt on its current version when that is
/// the delta's base (or is the version itself); if one cannot be, nothing is merged and
/// <see cref="PushResponse.Resend"/> says so.
/// </summary>
public sealed record PushRequest(long RequestId, IReadOnlyList<PushRow> Rows, IReadOnlyList<Deltas.DocumentDelta>? Deltas = null) : ProtocolMessage(RequestId)
{
    /// <summary>Rows and deltas: the documents this push writes.</summary>
    public int Count => Rows.Count + (Deltas?.Count ?? 0);
}

/// <summary>
/// The master states that won over pushed rows (RxDB's conflicts); empty when every row won. Rows
/// outside the connection's scope are <paramref name="Refused"/> and stored nowhere (null or empty: none;
/// a version-1 peer never sends or reads the field). A push with deltas whose base the server does not
/// hold is answered with them in <paramref name="Resend"/>: nothing of that push was stored, and the
/// client pushes it again, every row whole.
/// </summary>
public sealed record PushResponse(long RequestId, IReadOnlyList<Document> Conflicts, IReadOnlyList<RefusedWrite>? Refused = null, IReadOnlyList<UnappliedDelta>? Resend = null) : ProtocolMessage(RequestId);

/// <summary>A pushed row the server would not store, and why (a write into another property's scope).</summary>
public sealed record RefusedWrite(string Collection, string Id, string Reason);

/// <summary>A pushed delta the server could not apply (its version of the document is not the delta's base): push it whole.</summary>
public sealed record UnappliedDelta(string Collection, string Id);

/// <summary>Starts the live change stream after <paramref name="Checkpoint"/>.</summary>
public sealed record SubscribeRequest(long RequestId, long Checkpoint) : ProtocolMessage(RequestId);

/// <summary>
/// Documents the server changed, pushed to subscribers as they happen (request id of the subscription).
/// To a client whose hello asked for deltas, some go as <paramref name="Deltas"/> against the version before.
/// </summary>
public sealed record ChangeEvent(long RequestId, IReadOnlyList<Document> Documents, long Checkpoint, IReadOnlyList<Deltas.DocumentDelta>? Deltas = null) : ProtocolMessage(RequestId)
{
    /// <summary>No documents: a beacon on an idle stream (<see cref="HelloRequest.Beacon"/>), carrying only how far the stream has come.</summary>
    public bool IsBeacon => Documents.Count == 0 && Deltas is not { Count: > 0 };
}

/// <summary>The stream lost continuity (reconnect, overflow): the client must catch up by pulling from its checkpoint.</summary>
public sealed record ResyncEvent(long RequestId) : ProtocolMessage(RequestId);

public sealed record HealthRequest(long RequestId) : ProtocolMessage(RequestId);

/// <summary>The seed's <c>GET /api/replication/health -&gt; {"status":"ok"}</c>, plus the server's change-feed position.</summary>
public sealed record HealthResponse(long RequestId, string Status, long LastSequence) : ProtocolMessage(RequestId);

/// <summary>A request failed; <paramref name="Code"/> is machine-readable, <paramref name="Message"/> for people.</summary>
public sealed record ErrorResponse(long RequestId, string Code, string Message) : ProtocolMessage(RequestId);

/// <summary>
/// The client's first request on a connection: the compressions it can read, best first. It always
/// carries request id 0, which is also the id a version-1 server gives the error it answers it with.
/// A server that checks access refuses every other request until a hello brings a token of its property.
/// </summary>
/// <paramref name="Property"/> scopes the connection to one property's documents plus the chain-wide ones (null: all the server holds).
/// <paramref name="Delta"/>: the client can apply live changes sent as deltas.
/// <paramref name="Beacon"/>: once live, the server is to stream an empty change event after this long without streaming anything,
/// so the client notices a vanished server by its silence instead of asking for health (null: the client asks).
/// <paramref name="PushDelta"/>: the client would push deltas, if the server can merge them.
public sealed record HelloRequest(long RequestId, IReadOnlyList<WireCompression> Compression, string? AccessToken = null, string? Property = null, bool Delta = false, TimeSpan? Beacon = null, bool PushDelta = false) : ProtocolMessage(RequestId);

/// <summary>The compression the server chose from the offer (<see cref="WireCompression.None"/> if none suits); both sides may send it from now on.</summary>
/// <paramref name="Property"/> is the scope the server serves the connection with (null: the whole chain).
/// <paramref name="Delta"/>: the server will send live changes as deltas where they save bytes.
/// <paramref name="Beacon"/>: the longest the server's live stream will stay silent (null: it does not beacon, and the client asks for health).
/// <paramref name="PushDelta"/>: the server merges pushed deltas (a server that does not know them never says so, and gets whole documents).
public sealed record HelloResponse(long RequestId, WireCompression Compression, string? Property = null, bool Delta = false, TimeSpan? Beacon = null, bool PushDelta = false) : ProtocolMessage(RequestId);
