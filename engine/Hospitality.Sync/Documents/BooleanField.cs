using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>A JSON <c>true</c> or <c>false</c>; the strings "true" and "false" are refused.</summary>
public sealed record BooleanField : FieldSchema
{
    public BooleanField(string name, bool required = true)
        : base(name, required)
    {
    }

    internal override void Check(JsonElement value, string path, ValidationErrorList errors)
    {
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(path, $"must be true or false, not {Found(value)}");
        }
    }
}
