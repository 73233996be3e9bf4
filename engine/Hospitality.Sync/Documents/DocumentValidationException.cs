namespace Hospitality.Sync.Documents;

/// <summary>A write broke its collection's schema and was refused; nothing was stored.</summary>
public sealed class DocumentValidationException(string collection, string id, ValidationResult result)
    : Exception($"{collection}/{id} was refused: {result}")
{
    public IReadOnlyList<ValidationError> Errors { get; } = result.Errors;
}
