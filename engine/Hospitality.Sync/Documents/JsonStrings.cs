using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>
/// Reads strings and property names from parsed JSON without throwing. JSON may escape an unpaired
/// surrogate (<c>"\ud800"</c>), which parses but is not Unicode text: System.Text.Json throws when
/// asked for it, and network input must never make the validator throw.
/// </summary>
internal static class JsonStrings
{
    public const string NotUnicodeMessage = "is not valid Unicode text: it holds an unpaired surrogate escape";

    public static bool TryGetString(JsonElement element, [NotNullWhen(true)] out string? text)
    {
        try
        {
            text = element.GetString();
            return text is not null;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    public static bool TryGetName(JsonProperty property, [NotNullWhen(true)] out string? name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = null;
            return false;
        }
    }

    /// <summary>How a JSON value's type reads in a message: "a number", "null".</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
