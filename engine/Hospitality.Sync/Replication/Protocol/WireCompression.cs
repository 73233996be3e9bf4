namespace Hospitality.Sync.Replication.Protocol;

/// <summary>How a frame's bytes are compressed. Values are part of the wire format: never renumber.</summary>
public enum WireCompression : byte
{
    None = 0,
    Deflate = 1,
    Brotli = 2,
}
