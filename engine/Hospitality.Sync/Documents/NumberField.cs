using System.Globalization;
using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>A finite number (quantities, amounts) between <see cref="Minimum"/> and <see cref="Maximum"/>.</summary>
public sealed record NumberField : FieldSchema
{
    public NumberField(string name, double minimum, double maximum, bool required = true)
        : base(name, required)
    {
        if (!double.IsFinite(minimum) || !double.IsFinite(maximum))
        {
            throw new ArgumentException($"The bounds of '{name}' must be finite numbers.", nameof(minimum));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimum, maximum);
        Minimum = minimum;
        Maximum = maximum;
    }

    public double Minimum { get; }

    public double Maximum { get; }

    internal override void Check(JsonElement value, string path, ValidationErrorList errors)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(path, $"must be a number, not {Found(value)}");
        }
        // JSON has no infinity, but 1e999 parses as one: refuse it rather than store it.
        else if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            errors.Add(path, "must be a finite number");
        }
        else if (number < Minimum || number > Maximum)
        {
            errors.Add(path, string.Create(CultureInfo.InvariantCulture, $"must be between {Minimum} and {Maximum}"));
        }
    }
}
