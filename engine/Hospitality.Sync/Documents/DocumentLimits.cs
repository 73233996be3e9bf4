namespace Hospitality.Sync.Documents;

/// <summary>Limits every document body must respect, whatever its collection.</summary>
public static class DocumentLimits
{
    /// <summary>
    /// 16 KiB of UTF-8. The largest body the hotel schemas allow (a guest with every field present,
    /// every text at its limit in 4-byte characters, written compactly) is 10.5 KB, so no valid
    /// document is refused; and a push of 50 documents (the seed's batch benchmark) stays under
    /// 1 MiB. A test checks the first claim for every collection.
    /// </summary>
    public const int BodyMaxBytes = 16 * 1024;
}
