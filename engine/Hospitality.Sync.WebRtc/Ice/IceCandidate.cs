using System.Globalization;
using System.Net;
using System.Text;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>
/// One ICE candidate as the <c>candidate-attribute</c> of RFC 8839 section 5.1 writes it:
/// <c>candidate:foundation component transport priority address port typ type [raddr a] [rport p] *(name value)</c>.
/// The address may be an mDNS name (<c>&lt;uuid&gt;.local</c>, as Chromium hides its host addresses).
/// Extensions such as <c>generation 0</c> or <c>network-cost 999</c> are kept in order.
/// </summary>
internal sealed record IceCandidate
{
    public const int FoundationMaxChars = 32;
    public const int ComponentMax = 256;

    /// <summary>A host name is at most 253 characters (RFC 1035); IP literals are shorter.</summary>
    public const int AddressMaxChars = 253;

    public const int ExtensionsMax = 32;
    public const int TokenMaxChars = 256;

    public required string Foundation { get; init; }

    /// <summary>1 is RTP or, for data channels, the only component.</summary>
    public int Component { get; init; } = 1;

    /// <summary>Lower case; <c>udp</c> for everything this stack uses, kept as text so others parse.</summary>
    public string Transport { get; init; } = "udp";

    public required uint Priority { get; init; }

    public required string Address { get; init; }

    public required int Port { get; init; }

    public required IceCandidateType Type { get; init; }

    public string? RelatedAddress { get; init; }

    public int? RelatedPort { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    /// <summary>True for a <c>.local</c> name that mDNS would have to resolve (RFC 6762).</summary>
    public bool IsMdnsName => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>The address as an IP address, or null for a host name.</summary>
    public IPAddress? IpAddress =>
        (Address.Contains(':', StringComparison.Ordinal) || Address.Count(c => c == '.') == 3) && IPAddress.TryParse(Address, out var ip) ? ip : null;

    /// <summary>Parses a candidate line with or without its <c>a=</c> and <c>candidate:</c> prefixes (trickled candidates omit <c>a=</c>).</summary>
    /// <exception cref="SdpFormatException">The line does not follow the grammar; the message names the field.</exception>
    public static IceCandidate Parse(string line)
    {
        var text = line.Trim();
        text = text.StartsWith("a=", StringComparison.Ordinal) ? text[2..] : text;
        text = text.StartsWith("candidate:", StringComparison.Ordinal) ? text["candidate:".Length..] : text;
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8)
        {
            throw new SdpFormatException($"candidate has {fields.Length} fields; it needs at least 8 (foundation component transport priority address port typ type)");
        }

        var foundation = fields[0];
        if (foundation.Length > FoundationMaxChars || !foundation.All(IceCredentials.IsIceChar))
        {
            throw new SdpFormatException($"candidate foundation '{Shorten(foundation)}' is not 1-{FoundationMaxChars} ice-chars");
        }

        var component = Number(fields[1], "component", 1, ComponentMax);
        var transport = Token(fields[2], "transport").ToLowerInvariant();
        if (!uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority))
        {
            throw new SdpFormatException($"candidate priority '{Shorten(fields[3])}' is not a 32-bit unsigned number");
        }

        var address = HostOrAddress(fields[4], "address");
        var port = Number(fields[5], "port", 0, 65535);
        if (fields[6] != "typ")
        {
            throw new SdpFormatException($"candidate has '{Shorten(fields[6])}' where 'typ' belongs");
        }

        var type = fields[7] switch
        {
            "host" => IceCandidateType.Host,
            "srflx" => IceCandidateType.ServerReflexive,
            "prflx" => IceCandidateType.PeerReflexive,
            "relay" => IceCandidateType.Relayed,
            var other => throw new SdpFormatException($"candidate type '{Shorten(other)}' is not host, srflx, prflx or relay"),
        };

        string? relatedAddress = null;
        int? relatedPort = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (var i = 8; i < fields.Length; i += 2)
        {
            if (i + 1 >= fields.Length)
            {
                throw new SdpFormatException($"candidate extension '{Shorten(fields[i])}' has no value");
            }

            switch (fields[i])
            {
                case "raddr" when relatedAddress is null && extensions.Count == 0:
                    relatedAddress = HostOrAddress(fields[i + 1], "raddr");
                    break;
                case "rport" when relatedPort is null && extensions.Count == 0:
                    relatedPort = Number(fields[i + 1], "rport", 0, 65535);
                    break;
                default:
                    if (extensions.Count == ExtensionsMax)
                    {
                        throw new SdpFormatException($"candidate has more than {ExtensionsMax} extensions");
                    }

                    extensions.Add(new(Token(fields[i], "extension name"), Token(fields[i + 1], "extension value")));
                    break;
            }
        }

        return new IceCandidate
        {
            Foundation = foundation,
            Component = component,
            Transport = transport,
            Priority = priority,
            Address = address,
            Port = port,
            Type = type,
            RelatedAddress = relatedAddress,
            RelatedPort = relatedPort,
            Extensions = extensions,
        };
    }

    /// <summary>The attribute value, <c>candidate:...</c>, without <c>a=</c>: what trickle ICE sends.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("candidate:");
        text.Append(CultureInfo.InvariantCulture, $"{Foundation} {Component} {Transport} {Priority} {Address} {Port} typ {TypeName(Type)}");
        if (RelatedAddress is not null)
        {
            text.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } relatedPort)
        {
            text.Append(CultureInfo.InvariantCulture, $" rport {relatedPort}");
        }

        foreach (var (name, value) in Extensions)
        {
            text.Append(' ').Append(name).Append(' ').Append(value);
        }

        return text.ToString();
    }

    /// <summary>Same candidate: every field, extensions in order.</summary>
    public bool Equals(IceCandidate? other) =>
        other is not null && Foundation == other.Foundation && Component == other.Component && Transport == other.Transport
        && Priority == other.Priority && Address == other.Address && Port == other.Port && Type == other.Type
        && RelatedAddress == other.RelatedAddress && RelatedPort == other.RelatedPort && Extensions.SequenceEqual(other.Extensions);

    public override int GetHashCode() => HashCode.Combine(Priority, Port, Type, Component);

    /// <summary>RFC 8445 section 5.1.2.1: 2^24 type preference + 2^8 local preference + (256 - component).</summary>
    public static uint ComputePriority(IceCandidateType type, int localPreference, int component = 1)
    {
        var typePreference = type switch
        {
            IceCandidateType.Host => 126u,
            IceCandidateType.PeerReflexive => 110u,
            IceCandidateType.ServerReflexive => 100u,
            _ => 0u,
        };
        return (typePreference << 24) + ((uint)Math.Clamp(localPreference, 0, 65535) << 8) + (uint)(256 - Math.Clamp(component, 1, 256));
    }

    public static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };

    private static int Number(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new SdpFormatException($"candidate {name} '{Shorten(text)}' is not a number from {min} to {max}");

    /// <summary>An IP literal or a host name (letters, digits, '-', '.', and ':' '%' for IPv6 literals).</summary>
    private static string HostOrAddress(string text, string name)
    {
        if (text.Length > AddressMaxChars || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '%' or '_'))
        {
            throw new SdpFormatException($"candidate {name} '{Shorten(text)}' is neither an IP address nor a host name");
        }

        return text;
    }

    /// <summary>Extensions are tokens of visible ASCII; anything else would not survive a round trip through SDP.</summary>
    private static string Token(string text, string name)
    {
        if (text.Length > TokenMaxChars || !text.All(c => c is > ' ' and <= '~'))
        {
            throw new SdpFormatException($"candidate {name} '{Shorten(text)}' is not visible ASCII of at most {TokenMaxChars} characters");
        }

        return text;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
