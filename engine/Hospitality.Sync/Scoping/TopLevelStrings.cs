using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Hospitality.Sync.Scoping;

/// <summary>
/// Two top-level string fields of a document's JSON body, read in one pass without building a DOM:
/// where a version belongs and what it references are read from every version a server stores or
/// filters. A body that is not an object, or is malformed, names nothing (the validator refuses it).
/// </summary>
internal static class TopLevelStrings
{
    /// <summary>The values of <paramref name="first"/> and <paramref name="second"/> (the last of each, if repeated), null where absent or not a string; never throws.</summary>
    public static (string? First, string? Second) Read(string bodyJson, string first, string second)
    {
        string? firstValue = null;
        string? secondValue = null;
        // Every version a store writes is read here: its UTF-8 goes in a pooled buffer, not a new array.
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(bodyJson.Length));
        try
        {
            var reader = new Utf8JsonReader(utf8.AsSpan(0, Encoding.UTF8.GetBytes(bodyJson, utf8)), new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFirst = reader.ValueTextEquals(first);
                var isSecond = !isFirst && reader.ValueTextEquals(second);
                reader.Read();
                if ((isFirst || isSecond) && reader.TokenType == JsonTokenType.String)
                {
                    var value = reader.GetString();
                    firstValue = isFirst ? value : firstValue;
                    secondValue = isSecond ? value : secondValue;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Malformed: what was read before the fault stands, as it did for placement.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }

        return (firstValue, secondValue);
    }
}
