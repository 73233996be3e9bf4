namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>Chunk types of RFC 9260 section 3.2, RE-CONFIG (RFC 6525) and FORWARD-TSN (RFC 3758).</summary>
internal enum SctpChunkType : byte
{
    Data = 0,
    Init = 1,
    InitAck = 2,
    Sack = 3,
    Heartbeat = 4,
    HeartbeatAck = 5,
    Abort = 6,
    Shutdown = 7,
    ShutdownAck = 8,
    Error = 9,
    CookieEcho = 10,
    CookieAck = 11,
    ShutdownComplete = 14,
    Reconfig = 130,
    ForwardTsn = 192,
}
