using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>
/// Reads an RxDB push body, <c>[{assumedMasterState, newDocumentState}, …]</c>, from untrusted bytes.
/// Every problem is collected with its place and returned, never thrown, so a bad row refuses the
/// whole push before anything is stored.
/// </summary>
internal static class RxDbPushParser
{
    /// <summary>The metadata RxDB may add to a state; none of it is ours to store.</summary>
    private static readonly HashSet<string> RxDbMetadata = ["_deleted", "_meta", "_rev", "_attachments", HlcField];

    private const string HlcField = "hlc";

    // Non-ASCII stays as it came: escaping would grow a body of emoji threefold past the body limit.
    private static readonly JsonWriterOptions BodyWriting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Our bodies are two levels deep; the push adds two. More is not a push.
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16 };

    public static (IReadOnlyList<RxDbPushRow> Rows, RxDbProblem? Problem) Parse(ReadOnlyMemory<byte> body, int rowsMax)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, ParseOptions);
        }
        catch (JsonException exception)
        {
            return ([], RxDbProblem.BadRequest($"the push body is not JSON: {exception.Message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return ([], RxDbProblem.BadRequest($"a push body is an array of {{assumedMasterState, newDocumentState}} rows; this is {Kind(root)}"));
            }

            var count = root.GetArrayLength();
            if (count > rowsMax)
            {
                return ([], RxDbProblem.BadRequest($"a push carries at most {rowsMax} rows; this one has {count}"));
            }

            var rows = new List<RxDbPushRow>(count);
            var errors = new List<string>();
            var index = 0;
            foreach (var row in root.EnumerateArray())
            {
                var place = $"[{index++}]";
                if (row.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{place}: a row is an object; this is {Kind(row)}");
                    continue;
                }

                var newState = row.TryGetProperty("newDocumentState", out var next) ? ReadState(next, $"{place}.newDocumentState", errors) : Missing($"{place}.newDocumentState", errors);
                RxDbState? assumed = null;
                if (row.TryGetProperty("assumedMasterState", out var master) && master.ValueKind != JsonValueKind.Null)
                {
                    assumed = ReadState(master, $"{place}.assumedMasterState", errors);
                }

                if (newState is not null)
                {
                    rows.Add(new RxDbPushRow(assumed, newState));
                }
            }

            return errors.Count == 0 ? (rows, null) : ([], RxDbProblem.BadRequest($"{errors.Count} problem(s) in the push; nothing was stored", errors));
        }
    }

    private static RxDbState? Missing(string place, List<string> errors)
    {
        errors.Add($"{place}: missing");
        return null;
    }

    private static RxDbState? ReadState(JsonElement state, string place, List<string> errors)
    {
        if (state.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{place}: a document state is an object; this is {Kind(state)}");
            return null;
        }

        var errorsBefore = errors.Count;
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? id = null;
        var deleted = false;
        HlcTimestamp? hlc = null;
        long? updatedAt = null;
        foreach (var property in state.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                errors.Add($"{place}.{property.Name}: given twice");
                continue;
            }

            switch (property.Name)
            {
                case "id" when property.Value.ValueKind == JsonValueKind.String:
                    id = property.Value.GetString();
                    break;
                case "_deleted" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    deleted = property.Value.GetBoolean();
                    break;
                case "_deleted":
                    errors.Add($"{place}._deleted: true or false; this is {Kind(property.Value)}");
                    break;
                case HlcField when property.Value.ValueKind == JsonValueKind.String && HlcTimestamp.TryParse(property.Value.GetString(), out var stamp):
                    hlc = stamp;
                    break;
                case HlcField:
                    errors.Add($"{place}.hlc: the master's HLC stamp as the server sent it (wall:counter:node)");
                    break;
                case "updatedAt" when property.Value.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                    updatedAt = at.ToUnixTimeMilliseconds();
                    break;
            }
        }

        if (id is null)
        {
            errors.Add($"{place}.id: a document state needs its id as a string");
        }

        return errors.Count > errorsBefore ? null : new RxDbState(id!, deleted ? "{}" : BodyOf(state), deleted, hlc, updatedAt);
    }

    /// <summary>The state without RxDB's metadata and our stamp: the body our schemas judge and our store keeps.</summary>
    private static string BodyOf(JsonElement state)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, BodyWriting))
        {
            writer.WriteStartObject();
            foreach (var property in state.EnumerateObject())
            {
                if (!RxDbMetadata.Contains(property.Name))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
