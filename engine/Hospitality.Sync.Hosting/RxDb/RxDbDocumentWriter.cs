using System.Text.Json;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>
/// Writes our documents as RxDB sees them: the body's fields, <c>id</c>, <c>hlc</c> (the version's HLC
/// stamp, which the client sends back as the master state it assumed) and <c>_deleted</c>.
/// </summary>
internal static class RxDbDocumentWriter
{
    public static void WriteBatch(Utf8JsonWriter writer, IReadOnlyList<Document> documents, RxDbCheckpoint checkpoint)
    {
        writer.WriteStartObject();
        WriteDocuments(writer, "documents", documents);
        writer.WriteStartObject("checkpoint");
        writer.WriteNumber("sequence", checkpoint.Sequence);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteDocuments(Utf8JsonWriter writer, string? name, IReadOnlyList<Document> documents)
    {
        if (name is null)
        {
            writer.WriteStartArray();
        }
        else
        {
            writer.WriteStartArray(name);
        }

        foreach (var document in documents)
        {
            Write(writer, document);
        }

        writer.WriteEndArray();
    }

    private static void Write(Utf8JsonWriter writer, Document document)
    {
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        using (var body = JsonDocument.Parse(document.BodyJson))
        {
            foreach (var property in body.RootElement.EnumerateObject())
            {
                if (property.Name != "id")
                {
                    property.WriteTo(writer);
                }
            }
        }

        writer.WriteString("hlc", document.Stamp.ToString());
        writer.WriteBoolean("_deleted", document.Deleted);
        writer.WriteEndObject();
    }
}
