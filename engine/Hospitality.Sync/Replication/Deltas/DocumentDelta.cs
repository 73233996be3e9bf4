using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Replication.Deltas;

/// <summary>
/// A new version of a document sent as the span of its body that changed since a base version the
/// receiver holds: keep the base's first <see cref="KeepPrefix"/> and last <see cref="KeepSuffix"/>
/// characters and put <see cref="Text"/> between them. A room's status change is a few bytes instead
/// of the whole body, and the result is the sender's body exactly, byte for byte, whatever the
/// field order. A receiver whose version is not the base cannot apply it and pulls the full version.
/// </summary>
public sealed record DocumentDelta(string Collection, string Id, HlcTimestamp BaseStamp, int KeepPrefix, int KeepSuffix, string Text, HlcTimestamp Stamp, string OriginNode)
{
    /// <summary>A delta is sent only when it saves at least this many characters: a field name, a value and a stamp.</summary>
    public const int SavingMinChars = 64;

    /// <summary>The delta from <paramref name="baseVersion"/> to <paramref name="next"/>, or null when a full version is as good (a delete, a base deleted, little to keep).</summary>
    public static DocumentDelta? Between(Document baseVersion, Document next)
    {
        if (next.Deleted || baseVersion.Deleted || baseVersion.Stamp == next.Stamp
            || baseVersion.Collection != next.Collection || baseVersion.Id != next.Id)
        {
            return null;
        }

        var from = baseVersion.BodyJson.AsSpan();
        var to = next.BodyJson.AsSpan();
        var prefix = from.CommonPrefixLength(to);
        var most = Math.Min(from.Length, to.Length) - prefix;
        var suffix = 0;
        while (suffix < most && from[^(suffix + 1)] == to[^(suffix + 1)])
        {
            suffix++;
        }

        // Never split a surrogate pair: the changed span must be valid text on its own.
        if (prefix > 0 && char.IsHighSurrogate(to[prefix - 1]))
        {
            prefix--;
        }

        if (suffix > 0 && char.IsLowSurrogate(to[^suffix]))
        {
            suffix--;
        }

        if (prefix + suffix < SavingMinChars)
        {
            return null;
        }

        return new DocumentDelta(next.Collection, next.Id, baseVersion.Stamp, prefix, suffix, next.BodyJson[prefix..^suffix], next.Stamp, next.OriginNode);
    }

    /// <summary>
    /// Whether <paramref name="held"/> is already the version this delta rebuilds: the same stamp and origin
    /// (a stamp names one version), and the changed span where the delta puts it. A version relayed by
    /// another writer (a peer's write its outbox forwards) often reaches a server that has it already.
    /// </summary>
    public bool IsVersionOf(Document? held) =>
        held is { Deleted: false } && held.Stamp == Stamp && held.OriginNode == OriginNode && held.Collection == Collection && held.Id == Id
        && KeepPrefix >= 0 && KeepSuffix >= 0 && KeepPrefix + Text.Length + KeepSuffix == held.BodyJson.Length
        && held.BodyJson.AsSpan(KeepPrefix, Text.Length).SequenceEqual(Text);

    /// <summary>The full version, when <paramref name="held"/> is the base; null when it is not (or the delta does not fit it).</summary>
    public Document? ApplyTo(Document? held)
    {
        if (held is null || held.Deleted || held.Stamp != BaseStamp || held.Collection != Collection || held.Id != Id
            || KeepPrefix < 0 || KeepSuffix < 0 || KeepPrefix + KeepSuffix > held.BodyJson.Length)
        {
            return null;
        }

        var body = string.Concat(held.BodyJson.AsSpan(0, KeepPrefix), Text, held.BodyJson.AsSpan(held.BodyJson.Length - KeepSuffix));
        return new Document(Collection, Id, body, Stamp, Deleted: false, OriginNode);
    }
}
