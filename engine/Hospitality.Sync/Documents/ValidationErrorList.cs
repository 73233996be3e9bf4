using System.Globalization;

namespace Hospitality.Sync.Documents;

/// <summary>
/// Collects errors during one validation and keeps the first <see cref="ValidationResult.ReportedErrorsMax"/>.
/// Checks run to the end regardless: their work is bounded by the body size limit.
/// </summary>
internal sealed class ValidationErrorList
{
    private readonly List<ValidationError> _errors = [];
    private bool _overflowed;

    public void Add(string path, string message)
    {
        if (_errors.Count >= ValidationResult.ReportedErrorsMax)
        {
            _overflowed = true;
            return;
        }

        _errors.Add(new ValidationError(path, message));
    }

    public ValidationResult ToResult()
    {
        if (_errors.Count == 0)
        {
            return ValidationResult.Valid;
        }

        if (_overflowed)
        {
            _errors.Add(new ValidationError(string.Empty, string.Create(
                CultureInfo.InvariantCulture, $"more errors were found; only the first {ValidationResult.ReportedErrorsMax} are listed")));
        }

        return new ValidationResult(_errors.ToArray());
    }
}
