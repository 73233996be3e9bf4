using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>A string that must be one of <see cref="Values"/>, compared exactly (case-sensitive).</summary>
public sealed record EnumField : FieldSchema
{
    private readonly string _valuesMessage;

    public EnumField(string name, IReadOnlyList<string> values, bool required = true)
        : base(name, required)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0 || values.Any(string.IsNullOrEmpty) || values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            throw new ArgumentException($"The values of '{name}' must be distinct, non-empty strings, and at least one.", nameof(values));
        }

        Values = values.ToArray();
        _valuesMessage = "must be one of " + string.Join(", ", Values);
    }

    public IReadOnlyList<string> Values { get; }

    internal override void Check(JsonElement value, string path, ValidationErrorList errors)
    {
        if (value.ValueKind != JsonValueKind.String
            || !JsonStrings.TryGetString(value, out var text)
            || !Values.Contains(text, StringComparer.Ordinal))
        {
            errors.Add(path, _valuesMessage);
        }
    }
}
