using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>
/// A document id, or a reference to one (<c>roomId</c>, <c>assignedTo</c>): 1 to 64 ASCII letters,
/// digits, '-', '_' and '.', starting with a letter or digit. Ids become storage keys and appear in
/// URLs and logs, so they hold nothing that needs escaping and cannot be "." or "..".
/// </summary>
public sealed record IdentifierField : FieldSchema
{
    /// <summary>Long enough for a UUID (36) or a prefixed one (<c>reservation-</c> + UUID, 48).</summary>
    public const int MaxLength = 64;

    public const string RuleMessage = "must start with a letter or digit and hold only letters, digits, '-', '_' and '.'";

    public IdentifierField(string name, bool required = true)
        : base(name, required)
    {
    }

    /// <summary>What is wrong with <paramref name="id"/> as an identifier, or null if nothing.</summary>
    public static string? Problem(string id)
    {
        if (id.Length == 0)
        {
            return "must not be empty";
        }

        if (id.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }

        if (!char.IsAsciiLetterOrDigit(id[0]))
        {
            return RuleMessage;
        }

        foreach (var character in id)
        {
            if (!char.IsAsciiLetterOrDigit(character) && character is not ('-' or '_' or '.'))
            {
                return RuleMessage;
            }
        }

        return null;
    }

    internal override void Check(JsonElement value, string path, ValidationErrorList errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, $"must be a string, not {Found(value)}");
        }
        else if (!JsonStrings.TryGetString(value, out var id))
        {
            errors.Add(path, JsonStrings.NotUnicodeMessage);
        }
        else if (Problem(id) is { } problem)
        {
            errors.Add(path, problem);
        }
    }
}
