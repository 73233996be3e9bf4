using System.Text.Json;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Replication.Protocol;

/// <summary>
/// A JSON value being decoded, with its path for error messages. Every accessor checks the value's
/// kind and limits, and reports the exact field that is wrong. The path is built only when an error
/// needs it: decoding a valid message formats no strings.
/// </summary>
internal readonly struct JsonBody
{
    private readonly JsonBody[]? _parent;
    private readonly string? _name;
    private readonly int _index;

    private JsonBody(JsonElement element, JsonBody[]? parent, string? name, int index)
    {
        Element = element;
        _parent = parent;
        _name = name;
        _index = index;
    }

    public JsonElement Element { get; }

    /// <summary>Where this value sits in the message, e.g. <c>PullResponse.documents[1].stamp</c>.</summary>
    public string Path => _parent is null
        ? _name!
        : _name is null ? $"{_parent[0].Path}[{_index}]" : $"{_parent[0].Path}.{_name}";

    public static JsonBody Root(JsonElement element, string messageName) => new(element, null, messageName, -1);

    public string RawText => Element.GetRawText();

    public bool Has(string name) => Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public long Int64(string name)
    {
        return Property(name, JsonValueKind.Number).TryGetInt64(out var number) && number >= 0
            ? number
            : throw new MalformedMessageException($"{Path}.{name} must be a whole number from 0 to {long.MaxValue}");
    }

    public int Int32(string name, int min, int max)
    {
        return Property(name, JsonValueKind.Number).TryGetInt32(out var number) && number >= min && number <= max
            ? number
            : throw new MalformedMessageException($"{Path}.{name} must be a whole number from {min} to {max}");
    }

    public string String(string name, int maxLength)
    {
        var text = Property(name, JsonValueKind.String).GetString()!;
        return text.Length is > 0 && text.Length <= maxLength
            ? text
            : throw new MalformedMessageException($"{Path}.{name} must be 1 to {maxLength} characters");
    }

    /// <summary>This value as a string of at most <paramref name="maxLength"/> characters (an array item).</summary>
    public string StringValue(int maxLength)
    {
        var text = Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw new MalformedMessageException($"{Path} must be a string");
        return text.Length is > 0 && text.Length <= maxLength ? text : throw new MalformedMessageException($"{Path} must be 1 to {maxLength} characters");
    }

    public bool Boolean(string name)
    {
        if (Element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        throw new MalformedMessageException($"{Path}.{name} must be true or false");
    }

    public JsonBody Object(string name) => new(Property(name, JsonValueKind.Object), [this], name, -1);

    public JsonBody Array(string name) => new(Property(name, JsonValueKind.Array), [this], name, -1);

    public IEnumerable<JsonBody> Items(int maxItems)
    {
        var count = Element.GetArrayLength();
        if (count > maxItems)
        {
            throw new MalformedMessageException($"{Path} has {count} items; at most {maxItems} are allowed");
        }

        var parent = new[] { this };
        return Element.EnumerateArray().Select((item, index) => new JsonBody(item, parent, null, index)).ToArray();
    }

    // A scalar is read straight off its element: only objects and arrays, whose own fields may be
    // wrong, carry a link to this value for their paths (a one-element array per decoded field was a
    // tenth of what an idle heartbeat allocated).
    private JsonElement Property(string name, JsonValueKind kind)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedMessageException($"{Path} must be an object");
        }

        if (!Element.TryGetProperty(name, out var value))
        {
            throw new MalformedMessageException($"{Path}.{name} is missing");
        }

        return value.ValueKind == kind
            ? value
            : throw new MalformedMessageException($"{Path}.{name} must be {JsonStrings.Describe(kind)}, not {JsonStrings.Describe(value.ValueKind)}");
    }
}
