namespace Hospitality.Reports;

/// <summary>
/// Writes a file whole or not at all: the bytes go to a temporary name beside it, which is renamed
/// over the file once complete, so an interrupted or failed write never leaves a half-written report.
/// </summary>
public static class AtomicFile
{
    /// <summary>Added to the name of a file being written; a rename removes it.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>Writes UTF-8 without a byte-order mark, so files compare and diff cleanly.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, ReportWriter.Utf8.GetBytes(text));

    public static void WriteAllBytes(string path, byte[] bytes)
    {
        var partial = path + PartialSuffix;
        try
        {
            File.WriteAllBytes(partial, bytes);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
