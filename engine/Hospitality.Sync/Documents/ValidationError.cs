namespace Hospitality.Sync.Documents;

/// <summary>
/// One thing wrong with a write. <see cref="Path"/> names the field in the body (<c>status</c>,
/// <c>preferences[2]</c>); it is empty when the problem is the document as a whole (malformed JSON,
/// unknown collection, oversized body). <see cref="Message"/> says what is wrong in plain words.
/// </summary>
public readonly record struct ValidationError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
