using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Scoping;

/// <summary>
/// The properties a document has left, kept with its latest version in a server's change feed: a
/// replica of a property it left hears of it (as a tombstone) however many later moves it missed.
/// </summary>
internal readonly record struct Departures
{
    // Identifiers never hold a comma, so the list is stored, compared and searched as one string.
    private readonly string? _stored;

    private Departures(string? stored) => _stored = stored;

    public static Departures None => default;

    public bool IsEmpty => _stored is null;

    /// <summary>The properties, in the order the document left them.</summary>
    public IReadOnlyList<string> Properties => _stored?.Split(',') ?? [];

    /// <summary>The stored form: null for none, else the properties separated by commas.</summary>
    public string? Stored => _stored;

    /// <summary>Reads the stored form back; anything but identifiers separated by commas is refused.</summary>
    /// <exception cref="FormatException">The stored form is not a list of identifiers.</exception>
    public static Departures Parse(string? stored)
    {
        if (stored is null)
        {
            return None;
        }

        foreach (var property in stored.Split(','))
        {
            if (IdentifierField.Problem(property) is { } problem)
            {
                throw new FormatException($"A departed property id {problem}: '{stored}'.");
            }
        }

        return new Departures(stored);
    }

    // Compared entry by entry, not by searching ",property," in ",stored,": that built two strings per
    // question, and a whole-chain server asks it of every connection for every change.
    public bool Contains(string property)
    {
        if (_stored is null)
        {
            return false;
        }

        var stored = _stored.AsSpan();
        foreach (var entry in stored.Split(','))
        {
            if (stored[entry].SequenceEqual(property))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>These and <paramref name="property"/>, which must be an identifier.</summary>
    public Departures With(string property)
    {
        if (IdentifierField.Problem(property) is { } problem)
        {
            throw new ArgumentException($"A property id {problem}.", nameof(property));
        }

        return Contains(property) ? this : new Departures(_stored is null ? property : _stored + "," + property);
    }

    public override string ToString() => _stored ?? "none";
}
