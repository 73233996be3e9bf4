using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Scoping;

/// <summary>
/// Where a version of a property-scoped document belongs (<c>propertyId</c>) and which property a
/// transfer took it from (<c>movedFrom</c>); both null for chain-wide documents, tombstones and
/// data written before scoping, which every replica holds.
/// </summary>
internal sealed record DocumentPlacement(string? Property, string? MovedFrom)
{
    private const string PropertyKey = "\"" + CollectionSchema.PropertyFieldName + "\"";

    public static DocumentPlacement Shared { get; } = new(null, null);

    // A server filters each change for every connection: the body is read once per decoded version.
    private static readonly ConditionalWeakTable<Document, DocumentPlacement> Read = [];

    /// <summary>The placement of <paramref name="document"/>, read from its body when its collection is property-scoped.</summary>
    public static DocumentPlacement Of(Document document, DocumentScope scope)
    {
        if (scope != DocumentScope.Property || document.Deleted)
        {
            return Shared;
        }

        return Read.GetValue(document, static each => Parse(each.BodyJson));
    }

    /// <summary>
    /// The property a version names, whatever its collection's scope, for a store to note which
    /// property a document leaves: null for a tombstone, a body without one, or one that is not an
    /// identifier. (A chain-wide document is held everywhere, so a property it "left" changes nothing.)
    /// </summary>
    public static string? PropertyOf(Document document)
    {
        if (document.Deleted || !document.BodyJson.Contains(PropertyKey, StringComparison.Ordinal))
        {
            return null;
        }

        // Not cached: a store reads each version it writes once, and most are never filtered after.
        var property = Parse(document.BodyJson).Property;
        return property is not null && IdentifierField.Problem(property) is null ? property : null;
    }

    /// <summary>The two top-level fields, or <see cref="Shared"/> when the body is not an object; never throws.</summary>
    private static DocumentPlacement Parse(string bodyJson)
    {
        string? property = null;
        string? movedFrom = null;
        // Every version a store writes is read here: its UTF-8 goes in a pooled buffer, not a new array.
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(bodyJson.Length));
        try
        {
            var reader = new Utf8JsonReader(utf8.AsSpan(0, Encoding.UTF8.GetBytes(bodyJson, utf8)), new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Shared;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isProperty = reader.ValueTextEquals(CollectionSchema.PropertyFieldName);
                var isMovedFrom = !isProperty && reader.ValueTextEquals(CollectionSchema.MovedFromFieldName);
                reader.Read();
                if ((isProperty || isMovedFrom) && reader.TokenType == JsonTokenType.String)
                {
                    var value = reader.GetString();
                    property = isProperty ? value : property;
                    movedFrom = isMovedFrom ? value : movedFrom;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // A malformed body is the validator's to refuse; for placement it belongs to no property.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }

        return property is null && movedFrom is null ? Shared : new DocumentPlacement(property, movedFrom);
    }
}
