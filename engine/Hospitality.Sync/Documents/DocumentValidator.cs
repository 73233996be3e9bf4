using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Hospitality.Sync.Documents;

/// <summary>
/// Checks writes against the collections' schemas, so a store can refuse a write before it keeps or
/// replicates anything. Input comes from the network: every problem (null, malformed JSON, lone
/// surrogates, oversized bodies, unknown collections) is reported in the result, never thrown.
/// </summary>
public sealed class DocumentValidator
{
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        // Our bodies are two levels deep at most; 16 levels leaves room for a clear per-field error.
        MaxDepth = 16,
    };

    private readonly Dictionary<string, CollectionSchema> _collectionsByName;
    private readonly string _knownCollections;
    private readonly Scoping.ReplicaScope? _scope;

    /// <param name="collections">The schemas writes are checked against.</param>
    /// <param name="scope">The replica's scope: a write that places a document in another property is refused (null: the whole chain).</param>
    public DocumentValidator(IEnumerable<CollectionSchema> collections, Scoping.ReplicaScope? scope = null)
    {
        _scope = scope is { IsWholeChain: false } ? scope : null;
        ArgumentNullException.ThrowIfNull(collections);
        Collections = collections.ToArray();
        _collectionsByName = new Dictionary<string, CollectionSchema>(StringComparer.Ordinal);
        foreach (var collection in Collections)
        {
            if (!_collectionsByName.TryAdd(collection.Name, collection))
            {
                throw new ArgumentException($"The collection '{collection.Name}' is given twice.", nameof(collections));
            }
        }

        _knownCollections = string.Join(", ", Collections.Select(collection => collection.Name));
    }

    public IReadOnlyList<CollectionSchema> Collections { get; }

    /// <summary>Checks a body against its collection's schema, without a document id to compare.</summary>
    public ValidationResult Validate(string? collection, string? bodyJson)
    {
        var errors = new ValidationErrorList();
        if (FindCollection(collection, errors) is { } schema)
        {
            CheckBody(schema, bodyJson, documentId: null, errors);
        }

        return errors.ToResult();
    }

    /// <summary>
    /// Checks a body against its collection's schema, and that <paramref name="documentId"/> is a
    /// valid identifier equal to the body's <c>id</c>.
    /// </summary>
    public ValidationResult Validate(string? collection, string? documentId, string? bodyJson)
    {
        var errors = new ValidationErrorList();
        if (FindCollection(collection, errors) is { } schema)
        {
            var validId = CheckDocumentId(documentId, errors);
            CheckBody(schema, bodyJson, validId, errors);
        }

        return errors.ToResult();
    }

    /// <summary>
    /// Checks one version of a document before the store keeps it. A live document's body must
    /// satisfy its collection's schema and carry its id. A tombstone's body must be exactly an empty
    /// object, <c>{}</c>: a delete keeps no fields, so a deleted guest's personal data does not
    /// replicate on, and a tombstone never has to satisfy required fields.
    /// </summary>
    public ValidationResult Validate(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!document.Deleted)
        {
            var result = Validate(document.Collection, document.Id, document.BodyJson);
            if (result.IsValid && _scope?.WriteProblem(document) is { } problem)
            {
                var scoped = new ValidationErrorList();
                scoped.Add(CollectionSchema.PropertyFieldName, problem);
                return scoped.ToResult();
            }

            return result;
        }

        var errors = new ValidationErrorList();
        if (FindCollection(document.Collection, errors) is not null)
        {
            CheckDocumentId(document.Id, errors);
            using var body = ParseObject(document.BodyJson, errors);
            if (body is not null && body.RootElement.EnumerateObject().Any())
            {
                errors.Add(string.Empty, "a deleted document's body must be {}: a tombstone carries no fields");
            }
        }

        return errors.ToResult();
    }

    private CollectionSchema? FindCollection(string? collection, ValidationErrorList errors)
    {
        if (collection is null)
        {
            errors.Add(string.Empty, "collection is missing");
            return null;
        }

        if (!_collectionsByName.TryGetValue(collection, out var schema))
        {
            errors.Add(string.Empty, $"collection '{Excerpt(collection)}' is unknown; the collections are {_knownCollections}");
            return null;
        }

        return schema;
    }

    /// <summary>Reports what is wrong with the document id; returns it when it is a valid identifier.</summary>
    private static string? CheckDocumentId(string? documentId, ValidationErrorList errors)
    {
        if (documentId is null)
        {
            errors.Add(string.Empty, "document id is missing");
            return null;
        }

        if (IdentifierField.Problem(documentId) is { } problem)
        {
            errors.Add(string.Empty, "document id " + problem);
            return null;
        }

        return documentId;
    }

    private static void CheckBody(CollectionSchema schema, string? bodyJson, string? documentId, ValidationErrorList errors)
    {
        using var body = ParseObject(bodyJson, errors);
        if (body is null)
        {
            return;
        }

        schema.CheckBody(body.RootElement, errors);
        if (documentId is not null
            && FindBodyId(body.RootElement) is { } bodyId
            && !string.Equals(bodyId, documentId, StringComparison.Ordinal))
        {
            errors.Add(CollectionSchema.IdFieldName, $"is '{bodyId}' but the document id is '{documentId}'");
        }
    }

    /// <summary>
    /// The body's first <c>id</c> when it is a valid identifier (otherwise its own error is already
    /// reported). Not <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>: it unescapes
    /// every name it passes and throws on an escaped lone surrogate.
    /// </summary>
    private static string? FindBodyId(JsonElement body)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (JsonStrings.TryGetName(property, out var name)
                && name == CollectionSchema.IdFieldName)
            {
                return property.Value.ValueKind == JsonValueKind.String
                    && JsonStrings.TryGetString(property.Value, out var id)
                    && IdentifierField.Problem(id) is null
                        ? id
                        : null;
            }
        }

        return null;
    }

    /// <summary>Parses a body that must be a JSON object within the size limit; reports why not and returns null otherwise.</summary>
    private static JsonDocument? ParseObject(string? bodyJson, ValidationErrorList errors)
    {
        if (bodyJson is null)
        {
            errors.Add(string.Empty, "body is missing");
            return null;
        }

        // Every UTF-16 unit is at least one UTF-8 byte: a longer string is too large without encoding it.
        if (bodyJson.Length > DocumentLimits.BodyMaxBytes)
        {
            errors.Add(string.Empty, TooLarge(Encoding.UTF8.GetByteCount(bodyJson)));
            return null;
        }

        var utf8 = new byte[bodyJson.Length * 3];
        if (Utf8.FromUtf16(bodyJson, utf8, out _, out var byteCount, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            errors.Add(string.Empty, "body is not valid Unicode text: it holds an unpaired surrogate");
            return null;
        }

        if (byteCount > DocumentLimits.BodyMaxBytes)
        {
            errors.Add(string.Empty, TooLarge(byteCount));
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.AsMemory(0, byteCount), ParseOptions);
        }
        catch (JsonException exception)
        {
            errors.Add(string.Empty, $"body is not valid JSON: {exception.Message}");
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add(string.Empty, $"body must be a JSON object, not {JsonStrings.Describe(document.RootElement.ValueKind)}");
            document.Dispose();
            return null;
        }

        return document;
    }

    private static string TooLarge(int byteCount) => string.Create(
        CultureInfo.InvariantCulture, $"body is {byteCount:N0} bytes; the limit is {DocumentLimits.BodyMaxBytes:N0} bytes");

    /// <summary>Quotes at most 64 characters of a name that came from the network.</summary>
    private static string Excerpt(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");
}
