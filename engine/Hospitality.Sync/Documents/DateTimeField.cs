using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hospitality.Sync.Documents;

/// <summary>
/// An instant as an ISO 8601 string in the RFC 3339 profile: date, 'T', time to the second, an
/// optional fraction of 1 to 7 digits, and a time zone (<c>Z</c> or <c>+hh:mm</c>), such as
/// <c>2025-10-23T15:00:00Z</c>. The zone is required because devices of one hotel chain sit in
/// different zones: a time without one means a different instant on each of them.
/// </summary>
public sealed partial record DateTimeField : FieldSchema
{
    public const string FormatMessage = "must be an ISO 8601 date-time with seconds and a time zone, such as 2025-10-23T15:00:00Z";

    public DateTimeField(string name, bool required = true)
        : base(name, required)
    {
    }

    /// <summary>Whether <paramref name="text"/> has the shape above and names a real instant (no 30 February).</summary>
    public static bool IsDateTime(string text) =>
        Shape().IsMatch(text)
        && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    internal override void Check(JsonElement value, string path, ValidationErrorList errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"must be a date-time string, not {Found(value)}");
        }
        else if (!JsonStrings.TryGetString(value, out var text))
        {
            errors.Add(path, JsonStrings.NotUnicodeMessage);
        }
        else if (!IsDateTime(text))
        {
            errors.Add(path, FormatMessage);
        }
    }

    // ASCII digits only ([0-9], not \d, which matches any script's digits), and \z, not $, which allows a trailing newline.
    [GeneratedRegex(@"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
