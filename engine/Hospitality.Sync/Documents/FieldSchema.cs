using System.Globalization;
using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>
/// One field of a collection schema: its name, whether every document must have it, and, in each
/// subtype, its JSON type and limits. The set of subtypes is closed (the check is internal), so a
/// schema can only be built from field kinds the validator and the tests know.
/// </summary>
/// <remarks>
/// <c>null</c> is never a value: an optional field that has no value is left out of the body, so
/// there is one way to say "absent" and every replica reads it the same.
/// </remarks>
public abstract record FieldSchema
{
    private protected FieldSchema(string name, bool required)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Required = required;
    }

    public string Name { get; }

    public bool Required { get; }

    /// <summary>Adds an error for each way <paramref name="value"/> breaks this field's rules.</summary>
    internal abstract void Check(JsonElement value, string path, ValidationErrorList errors);

    /// <summary>
    /// Checks a text's length in characters (Unicode code points, as JSON Schema counts them, so an
    /// emoji is one character, not two UTF-16 units). Returns the problem, or null.
    /// </summary>
    private protected static string? LengthProblem(string text, int minLength, int maxLength)
    {
        var length = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            length++;
        }

        if (length >= minLength && length <= maxLength)
        {
            return null;
        }

        return (minLength, maxLength) switch
        {
            (1, _) when length == 0 => "must not be empty",
            var (min, max) when min == max => string.Create(CultureInfo.InvariantCulture, $"must be exactly {min} characters"),
            var (min, _) when length < min => string.Create(CultureInfo.InvariantCulture, $"must be at least {min} characters"),
            var (_, max) => string.Create(CultureInfo.InvariantCulture, $"must be at most {max} characters"),
        };
    }

    private protected static string Found(JsonElement value) => JsonStrings.Describe(value.ValueKind);
}
