using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>A free-text string, between <see cref="MinLength"/> and <see cref="MaxLength"/> characters.</summary>
public sealed record TextField : FieldSchema
{
    public TextField(string name, int maxLength, bool required = true, int minLength = 0)
        : base(name, required)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Math.Max(1, minLength));
        MinLength = minLength;
        MaxLength = maxLength;
    }

    public int MinLength { get; }

    public int MaxLength { get; }

    internal override void Check(JsonElement value, string path, ValidationErrorList errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"must be a string, not {Found(value)}");
        }
        else if (!JsonStrings.TryGetString(value, out var text))
        {
            errors.Add(path, JsonStrings.NotUnicodeMessage);
        }
        else if (LengthProblem(text, MinLength, MaxLength) is { } problem)
        {
            errors.Add(path, problem);
        }
    }
}
