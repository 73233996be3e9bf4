using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Documents;

/// <summary>
/// Text that looks like what the network might send: random objects whose keys are often real field
/// names and whose values are any JSON (deep, huge, escaped surrogates), sometimes cut or corrupted,
/// and plain random text with any UTF-16 unit, lone surrogates included.
/// </summary>
internal static class JsonishText
{
    private static readonly string[] FieldNames =
        HotelCollections.All.SelectMany(collection => collection.Fields).Select(field => field.Name).Distinct().ToArray();

    private static readonly string[] Scalars =
    [
        "0", "-1", "42", "1.5", "-0", "1e999", "-1e999", "12345678901234567890", "1E+2", "true", "false", "null",
        "\"\"", "\"clean\"", "\"booked\"", "\"room-101\"", "\"2025-10-23T15:00:00Z\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u0000\"",
    ];

    public static Gen<string> Any =>
        Gen.Frequency(
            (2, RandomText),
            (4, Object(3)),
            (2, Value(3)),
            (3, Object(3).SelectMany(Corrupt)),
            (1, NearTheSizeLimit));

    /// <summary>Any UTF-16 units, lone surrogates and control characters included.</summary>
    public static Gen<string> RandomText =>
        from length in Gen.Choose(0, 200)
        from units in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0x20, 0x7E)), (1, Gen.Choose(0, 0xFFFF))), length)
        select new string(units.Select(unit => (char)unit).ToArray());

    /// <summary>Bodies a few bytes either side of the limit, some of them in 3-byte characters.</summary>
    private static Gen<string> NearTheSizeLimit =>
        from length in Gen.Choose(DocumentLimits.BodyMaxBytes - 40, DocumentLimits.BodyMaxBytes + 40)
        from wide in Gen.Elements(false, true)
        select "{\"notes\":\"" + (wide ? new string('日', length / 3) : new string('x', length)) + "\"}";

    private static Gen<string> Value(int depth) =>
        depth <= 0
            ? Scalar
            : Gen.Frequency((4, Scalar), (1, Array(depth - 1)), (1, Object(depth - 1)));

    private static Gen<string> Scalar =>
        Gen.Frequency(
            (4, Gen.Elements(Scalars)),
            (1, RandomText.Select(Quote)),
            (1, Gen.Choose(int.MinValue, int.MaxValue).Select(number => number.ToString(CultureInfo.InvariantCulture))));

    private static Gen<string> Array(int depth) =>
        from count in Gen.Choose(0, 6)
        from items in Gen.ArrayOf(Value(depth), count)
        select "[" + string.Join(",", items) + "]";

    private static Gen<string> Object(int depth) =>
        from count in Gen.Choose(0, 14)
        from keys in Gen.ArrayOf(Key, count)
        from values in Gen.ArrayOf(Value(depth), count)
        select "{" + string.Join(",", keys.Zip(values, (key, value) => key + ":" + value)) + "}";

    private static Gen<string> Key =>
        Gen.Frequency((5, Gen.Elements(FieldNames).Select(Quote)), (1, RandomText.Select(Quote)), (1, Gen.Constant("\"\\ud83d\"")));

    /// <summary>Cuts the text short, or drops, duplicates or replaces one character.</summary>
    private static Gen<string> Corrupt(string json) =>
        from at in Gen.Choose(0, json.Length)
        from how in Gen.Choose(0, 3)
        from unit in Gen.Choose(0, 0xFFFF)
        select how switch
        {
            0 => json[..at],
            1 when at < json.Length => json.Remove(at, 1),
            2 => json.Insert(at, ((char)unit).ToString()),
            _ => json.Insert(at, json[..at]),
        };

    /// <summary>A JSON string literal escaping only what JSON requires, so lone surrogates stay raw.</summary>
    private static string Quote(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var character in text)
        {
            _ = character switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append("\\\\"),
                < ' ' => json.Append(CultureInfo.InvariantCulture, $"\\u{(int)character:x4}"),
                _ => json.Append(character),
            };
        }

        return json.Append('"').ToString();
    }
}
