using System.Globalization;

namespace Hospitality.Sync.Documents;

/// <summary>
/// Collects errors during one validation and keeps the first <see cref="ValidationResult.ReportedErrorsMax"/>.
/// Checks run to the end regardless: their work is bounded by the body size limit.
/// </summary>
internal sealed class ValidationErrorList
{
    private readonly List<ValidationError> errors = [];
    private bool overflowed;

    public void Add(string path, string message)
    {
        if (errors.Count >= ValidationResult.ReportedErrorsMax)
        {
            overflowed = true;
            return;
        }

        errors.Add(new ValidationError(path, message));
    }

    public ValidationResult ToResult()
    {
        if (errors.Count == 0)
        {
            return ValidationResult.Valid;
        }

        if (overflowed)
        {
            errors.Add(new ValidationError(string.Empty, string.Create(
                CultureInfo.InvariantCulture, $"more errors were found; only the first {ValidationResult.ReportedErrorsMax} are listed")));
        }

        return new ValidationResult(errors.ToArray());
    }
}
