using System.Globalization;
using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>
/// A whole number between <see cref="Minimum"/> and <see cref="Maximum"/>, written without a fraction
/// or exponent (<c>2</c>, not <c>2.0</c> or <c>2e0</c>), as every JSON writer writes an integer.
/// </summary>
public sealed record IntegerField : FieldSchema
{
    public IntegerField(string name, long minimum, long maximum, bool required = true)
        : base(name, required)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimum, maximum);
        Minimum = minimum;
        Maximum = maximum;
    }

    public long Minimum { get; }

    public long Maximum { get; }

    internal override void Check(JsonElement value, string path, ValidationErrorList errors)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(path, $"must be a whole number, not {Found(value)}");
        }
        else if (!value.TryGetInt64(out var number))
        {
            errors.Add(path, "must be a whole number, without a fraction or exponent");
        }
        else if (number < Minimum || number > Maximum)
        {
            errors.Add(path, string.Create(CultureInfo.InvariantCulture, $"must be between {Minimum} and {Maximum}"));
        }
    }
}
