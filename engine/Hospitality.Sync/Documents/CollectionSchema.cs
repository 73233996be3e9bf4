using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Hospitality.Sync.Documents;

/// <summary>
/// The schema of one collection: its name and its fields. Every collection's primary key is the
/// required identifier field <c>id</c>, which must equal the document's id.
/// </summary>
/// <remarks>
/// Schemas are closed: a body may hold only the fields named here, each at most once. A typo
/// (<c>staus</c>) or a field from a newer app version is refused at the write, instead of
/// replicating unseen to every device and server.
/// </remarks>
public sealed class CollectionSchema
{
    public const string IdFieldName = "id";

    /// <summary>In a property-scoped collection, the property a document belongs to.</summary>
    public const string PropertyFieldName = "propertyId";

    /// <summary>In a property-scoped collection, the property a transfer moved the document away from, so that property's replicas let it go.</summary>
    public const string MovedFromFieldName = "movedFrom";

    private readonly Dictionary<string, FieldSchema> _fieldsByName;

    public CollectionSchema(string name, IReadOnlyList<FieldSchema> fields, DocumentScope scope = DocumentScope.Chain)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(fields);
        _fieldsByName = new Dictionary<string, FieldSchema>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (!_fieldsByName.TryAdd(field.Name, field))
            {
                throw new ArgumentException($"Collection '{name}' declares the field '{field.Name}' twice.", nameof(fields));
            }
        }

        if (!_fieldsByName.TryGetValue(IdFieldName, out var id) || id is not IdentifierField { Required: true })
        {
            throw new ArgumentException($"Collection '{name}' needs a required identifier field '{IdFieldName}', its primary key.", nameof(fields));
        }

        if (scope == DocumentScope.Property && !(_fieldsByName.GetValueOrDefault(PropertyFieldName) is IdentifierField && _fieldsByName.GetValueOrDefault(MovedFromFieldName) is IdentifierField))
        {
            throw new ArgumentException($"Collection '{name}' is property-scoped: it needs the identifier fields '{PropertyFieldName}' and '{MovedFromFieldName}'.", nameof(fields));
        }

        Name = name;
        Scope = scope;
        PrimaryKey = (IdentifierField)id;
        Fields = fields.ToArray();
    }

    public string Name { get; }

    /// <summary>Whether every replica holds this collection's documents, only their property's, or those of the properties that reference them.</summary>
    public DocumentScope Scope { get; }

    /// <summary>
    /// In a property-scoped collection, the field that names a followed document (a reservation's
    /// guest): the document's property follows it. Null for none.
    /// </summary>
    public DocumentReference? Reference
    {
        get;
        init
        {
            if (value is not null && (Scope != DocumentScope.Property || _fieldsByName.GetValueOrDefault(value.Field) is not IdentifierField { Required: true }))
            {
                throw new ArgumentException($"Collection '{Name}' may reference another collection only from a property-scoped document's required identifier field ('{value.Field}').", nameof(value));
            }

            field = value;
        }
    }

    /// <summary>The field <c>id</c>: required, an identifier, equal to the document id.</summary>
    public IdentifierField PrimaryKey { get; }

    /// <summary>The fields in declaration order; errors for missing fields follow this order.</summary>
    public IReadOnlyList<FieldSchema> Fields { get; }

    public bool TryGetField(string name, [MaybeNullWhen(false)] out FieldSchema field) =>
        _fieldsByName.TryGetValue(name, out field);

    public override string ToString() => Name;

    /// <summary>Checks a body that is already known to be a JSON object against every field rule.</summary>
    internal void CheckBody(JsonElement body, ValidationErrorList errors)
    {
        // Only for membership tests; iteration follows the body's order, then the schema's.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in body.EnumerateObject())
        {
            if (!JsonStrings.TryGetName(property, out var name))
            {
                errors.Add(string.Empty, "a field name " + JsonStrings.NotUnicodeMessage);
            }
            else if (!seen.Add(name))
            {
                errors.Add(name, "appears more than once");
            }
            else if (!_fieldsByName.TryGetValue(name, out var field))
            {
                errors.Add(name, $"is not allowed: {Name} has no such field");
            }
            else
            {
                field.Check(property.Value, name, errors);
            }
        }

        foreach (var field in Fields)
        {
            if (field.Required && !seen.Contains(field.Name))
            {
                errors.Add(field.Name, "is required");
            }
        }
    }
}
