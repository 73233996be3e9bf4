using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Documents;

/// <summary>
/// Generates bodies from a schema model alone: valid ones (every required field, some optional
/// ones, values anywhere within their limits), the largest one a schema allows, and values of the
/// wrong JSON type for a field. A new field kind fails here loudly until it gets a generator.
/// </summary>
internal static class SchemaDocuments
{
    /// <summary>
    /// One character each: ASCII, Latin and CJK letters, a 4-byte emoji, and the characters JSON
    /// must escape (quote, backslash, newline, tab), so lengths are counted in characters, not units.
    /// </summary>
    private static readonly string[] TextCharacters =
        ["a", "z", "K", "7", " ", "-", "/", "<", "é", "ß", "Ж", "日", "本", "\U0001F6CF", "\"", "\\", "\n", "\t"];

    private static readonly string[] IdentifierCharacters =
        [.. "abcxyzABZ0189".Select(character => character.ToString()), "-", "_", "."];

    private static readonly string[] Zones = ["Z", "+00:00", "+02:00", "-05:00", "+05:30", "+14:00", "-12:00"];

    /// <summary>Every literal that has a JSON type; <see cref="WrongType"/> keeps those a field does not accept.</summary>
    private static readonly string[] TypedLiterals = ["42", "1.5", "true", "false", "null", "{}", "{\"a\":1}", "[1]", "[\"a\"]", "\"12\"", "\"true\""];

    public static Gen<GeneratedBody> ValidInAnyHotelCollection =>
        Gen.Elements(HotelCollections.All.ToArray()).SelectMany(Valid);

    public static Gen<GeneratedBody> Valid(CollectionSchema collection) =>
        Gen.CollectToList(collection.Fields.Select(FieldOrNothing))
            .Select(fields =>
            {
                var present = fields.OfType<KeyValuePair<string, object?>>().ToList();
                var id = (string)present.Single(field => field.Key == CollectionSchema.IdFieldName).Value!;
                return new GeneratedBody(collection, id, present);
            });

    public static Gen<object?> ValidValue(FieldSchema field) => field switch
    {
        IdentifierField => Identifier().Select(Box),
        TextField text => Text(text.MinLength, text.MaxLength).Select(Box),
        IntegerField integer => Integer(integer.Minimum, integer.Maximum).Select(Box),
        NumberField number => Number(number.Minimum, number.Maximum).Select(Box),
        BooleanField => Gen.Elements(true, false).Select(Box),
        DateTimeField => DateTime().Select(Box),
        EnumField choice => Gen.Elements(choice.Values.ToArray()).Select(Box),
        TextListField list => Gen.Choose(0, list.MaxItems)
            .SelectMany(count => Gen.ArrayOf(Text(1, list.ItemMaxLength), count))
            .Select(Box),
        _ => throw new NotSupportedException($"No generator for {field.GetType().Name}: add one here."),
    };

    /// <summary>
    /// A value whose JSON type the field does not accept. Arrays are never wrong for a list field:
    /// an array of wrong items is an item error (<c>features[0]</c>), not the field's.
    /// </summary>
    public static Gen<RawJson> WrongType(FieldSchema field)
    {
        Func<string, bool> accepted = field switch
        {
            IdentifierField or TextField or DateTimeField or EnumField => literal => literal.StartsWith('"'),
            IntegerField => literal => literal == "42",
            NumberField => literal => literal is "42" or "1.5",
            BooleanField => literal => literal is "true" or "false",
            TextListField => literal => literal.StartsWith('['),
            _ => throw new NotSupportedException($"No wrong values for {field.GetType().Name}: add them here."),
        };

        return Gen.Elements(TypedLiterals.Where(literal => !accepted(literal)).Select(literal => new RawJson(literal)).ToArray());
    }

    /// <summary>
    /// Every field present and at its limit, texts made of 4-byte characters: the largest body the
    /// schema allows when written compactly, which the body limit must admit.
    /// </summary>
    public static GeneratedBody Largest(CollectionSchema collection)
    {
        const string widest = "\U0001F6CF";
        var id = new string('x', IdentifierField.MaxLength);
        var fields = collection.Fields.Select(field => new KeyValuePair<string, object?>(field.Name, field switch
        {
            IdentifierField => id,
            TextField text => string.Concat(Enumerable.Repeat(widest, text.MaxLength)),
            IntegerField integer => Longest(integer.Minimum, integer.Maximum),
            NumberField number => Math.BitDecrement(number.Maximum),
            BooleanField => false,
            DateTimeField => "2025-10-23T15:00:00.1234567+05:30",
            EnumField choice => choice.Values.MaxBy(value => value.Length),
            TextListField list => Enumerable.Repeat(string.Concat(Enumerable.Repeat(widest, list.ItemMaxLength)), list.MaxItems).ToArray(),
            _ => throw new NotSupportedException($"No largest value for {field.GetType().Name}: add one here."),
        }));
        return new GeneratedBody(collection, id, fields.ToList());
    }

    private static Gen<KeyValuePair<string, object?>?> FieldOrNothing(FieldSchema field)
    {
        var present = ValidValue(field).Select(value => (KeyValuePair<string, object?>?)new KeyValuePair<string, object?>(field.Name, value));
        return field.Required
            ? present
            : Gen.Frequency((1, Gen.Constant<KeyValuePair<string, object?>?>(null)), (2, present));
    }

    private static object? Box<T>(T value) => value;

    private static Gen<string> Identifier() =>
        from first in Gen.Elements("a", "Z", "0", "9")
        from restLength in Gen.Frequency((4, Gen.Choose(0, 12)), (1, Gen.Choose(0, IdentifierField.MaxLength - 1)))
        from rest in Gen.ArrayOf(Gen.Elements(IdentifierCharacters), restLength)
        select first + string.Concat(rest);

    /// <summary>Mostly short texts, sometimes any length in range, sometimes exactly the limits.</summary>
    private static Gen<string> Text(int minLength, int maxLength) =>
        from length in Gen.Frequency(
            (4, Gen.Choose(minLength, Math.Min(maxLength, minLength + 12))),
            (2, Gen.Choose(minLength, maxLength)),
            (1, Gen.Elements(minLength, maxLength)))
        from characters in Gen.ArrayOf(Gen.Elements(TextCharacters), length)
        select string.Concat(characters);

    private static Gen<long> Integer(long minimum, long maximum) =>
        Gen.Frequency(
            (1, Gen.Elements(minimum, maximum)),
            (4, Gen.Choose(0, 1_000_000).Select(step => (long)(minimum + ((Int128)maximum - minimum) * step / 1_000_000))));

    /// <summary>The limits, amounts with two decimals, and any double in range (17 significant digits).</summary>
    private static Gen<double> Number(double minimum, double maximum)
    {
        var fraction = Gen.Choose(0, int.MaxValue).Select(step => step / (double)int.MaxValue);
        return Gen.Frequency(
                (1, Gen.Elements(minimum, maximum)),
                (2, fraction.Select(part => Math.Round(minimum + (maximum - minimum) * part, 2))),
                (2, fraction.Select(part => minimum + (maximum - minimum) * part)))
            .Select(number => Math.Clamp(number, minimum, maximum));
    }

    private static Gen<string> DateTime() =>
        from year in Gen.Choose(2000, 2099)
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 28) // every month has a 28th
        from hour in Gen.Choose(0, 23)
        from minute in Gen.Choose(0, 59)
        from second in Gen.Choose(0, 59)
        from fraction in Gen.Elements(string.Empty, ".5", ".123", ".1234567")
        from zone in Gen.Elements(Zones)
        select string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}T{hour:D2}:{minute:D2}:{second:D2}{fraction}{zone}");

    private static long Longest(long minimum, long maximum) =>
        minimum.ToString(CultureInfo.InvariantCulture).Length > maximum.ToString(CultureInfo.InvariantCulture).Length ? minimum : maximum;
}
