using System.Globalization;
using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>
/// An array of at most <see cref="MaxItems"/> non-empty strings, each at most
/// <see cref="ItemMaxLength"/> characters (guest preferences, room features). An item's error names
/// its index: <c>preferences[2]</c>.
/// </summary>
public sealed record TextListField : FieldSchema
{
    public TextListField(string name, int maxItems, int itemMaxLength, bool required = true)
        : base(name, required)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(itemMaxLength, 1);
        MaxItems = maxItems;
        ItemMaxLength = itemMaxLength;
    }

    public int MaxItems { get; }

    public int ItemMaxLength { get; }

    internal override void Check(JsonElement value, string path, ValidationErrorList errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, $"must be an array of strings, not {Found(value)}");
            return;
        }

        var count = value.GetArrayLength();
        if (count > MaxItems)
        {
            errors.Add(path, string.Create(CultureInfo.InvariantCulture, $"must have at most {MaxItems} items, not {count}"));
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            CheckItem(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"), errors);
            index++;
        }
    }

    private void CheckItem(JsonElement item, string path, ValidationErrorList errors)
    {
        if (item.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"must be a string, not {Found(item)}");
        }
        else if (!JsonStrings.TryGetString(item, out var text))
        {
            errors.Add(path, JsonStrings.NotUnicodeMessage);
        }
        else if (LengthProblem(text, 1, ItemMaxLength) is { } problem)
        {
            errors.Add(path, problem);
        }
    }
}
