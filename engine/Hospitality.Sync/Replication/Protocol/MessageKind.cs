namespace Hospitality.Sync.Replication.Protocol;

/// <summary>The second byte of every frame. Values are part of the wire format: never renumber.</summary>
public enum MessageKind : byte
{
    PullRequest = 1,
    PullResponse = 2,
    PushRequest = 3,
    PushResponse = 4,
    SubscribeRequest = 5,
    ChangeEvent = 6,
    ResyncEvent = 7,
    HealthRequest = 8,
    HealthResponse = 9,
    ErrorResponse = 10,

    /// <summary>What the client speaks beyond version 1 (compressions); a version-1 server answers it as malformed, with request id 0.</summary>
    HelloRequest = 11,
    HelloResponse = 12,
}
