using System.Globalization;
using System.Text;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Documents;

/// <summary>
/// A body built field by field for a collection, in order, with its document id. Values are
/// strings, longs, doubles, booleans, string arrays or <see cref="RawJson"/>. It is written as
/// compact JSON with only the escapes JSON requires, so sizes are what a careful client sends.
/// </summary>
internal sealed class GeneratedBody
{
    public GeneratedBody(CollectionSchema collection, string id, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        Collection = collection;
        Id = id;
        Fields = fields;
    }

    public CollectionSchema Collection { get; }

    public string Id { get; }

    public IReadOnlyList<KeyValuePair<string, object?>> Fields { get; }

    /// <summary>The same body with <paramref name="name"/> set to <paramref name="value"/>, in place or appended.</summary>
    public GeneratedBody With(string name, object? value)
    {
        var fields = Fields.ToList();
        var index = fields.FindIndex(field => field.Key == name);
        var changed = new KeyValuePair<string, object?>(name, value);
        if (index >= 0)
        {
            fields[index] = changed;
        }
        else
        {
            fields.Add(changed);
        }

        return new GeneratedBody(Collection, Id, fields);
    }

    public GeneratedBody Without(string name) => new(Collection, Id, Fields.Where(field => field.Key != name).ToList());

    public string ToJson()
    {
        var json = new StringBuilder();
        json.Append('{');
        foreach (var (name, value) in Fields)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }

            WriteString(json, name);
            json.Append(':');
            WriteValue(json, value);
        }

        return json.Append('}').ToString();
    }

    public override string ToString() => $"{Collection.Name}/{Id}: {ToJson()}";

    private static void WriteValue(StringBuilder json, object? value)
    {
        switch (value)
        {
            case null:
                json.Append("null");
                break;
            case string text:
                WriteString(json, text);
                break;
            case long number:
                json.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                json.Append(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case bool flag:
                json.Append(flag ? "true" : "false");
                break;
            case string[] items:
                json.Append('[');
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        json.Append(',');
                    }

                    WriteString(json, items[i]);
                }

                json.Append(']');
                break;
            case RawJson raw:
                json.Append(raw.Text);
                break;
            default:
                throw new ArgumentException($"No JSON form for {value.GetType().Name}.", nameof(value));
        }
    }

    // RFC 8259 section 7: only the quote, the backslash and control characters must be escaped.
    private static void WriteString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var character in text)
        {
            switch (character)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                case < ' ':
                    json.Append(CultureInfo.InvariantCulture, $"\\u{(int)character:x4}");
                    break;
                default:
                    json.Append(character);
                    break;
            }
        }

        json.Append('"');
    }
}
