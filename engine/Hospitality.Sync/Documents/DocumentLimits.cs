namespace Hospitality.Sync.Documents;

/// <summary>Limits every document body must respect, whatever its collection.</summary>
public static class DocumentLimits
{
    /// <summary>
    /// 16 KiB of UTF-8. The largest body the hotel schemas allow (every field present, every text
    /// at its limit in 4-byte characters, no needless escapes) is under 11 KB, so no valid document
    /// is refused; and a push batch of 50 documents (the seed's batch size) stays under 1 MiB, which
    /// keeps one batch inside one replication message on every link.
    /// </summary>
    public const int BodyMaxBytes = 16 * 1024;
}
