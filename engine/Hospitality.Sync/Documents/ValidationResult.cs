namespace Hospitality.Sync.Documents;

/// <summary>The verdict on a write: valid, or the list of what is wrong with it.</summary>
public sealed class ValidationResult
{
    /// <summary>
    /// At most this many errors are listed (plus one saying more were found), so a hostile body of
    /// thousands of unknown fields cannot turn into a report larger than itself.
    /// </summary>
    public const int ReportedErrorsMax = 20;

    internal ValidationResult(IReadOnlyList<ValidationError> errors)
    {
        Errors = errors;
    }

    public static ValidationResult Valid { get; } = new([]);

    public bool IsValid => Errors.Count == 0;

    public IReadOnlyList<ValidationError> Errors { get; }

    public override string ToString() => IsValid ? "valid" : string.Join("; ", Errors);
}
