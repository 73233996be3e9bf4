using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sync.WebRtc.Dtls;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.Tests.WebRtc.Sdp;

/// <summary>Generated data-channel descriptions and candidates covering every field the writer emits.</summary>
internal static class SessionDescriptions
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string TokenChars = "abcXYZ0189-_.!~*";

    public static Gen<string> Chars(string alphabet, int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n)).Select(c => new string(c));

    public static Gen<string> Address { get; } = Gen.OneOf(
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 4).Select(b => new IPAddress(b).ToString()),
        Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 16).Select(b => new IPAddress(b).ToString()),
        ArbMap.Default.GeneratorFor<Guid>().Select(g => g.ToString() + ".local"));

    public static Gen<IceCandidate> Candidate { get; } =
        from foundation in Chars(IceChars, 1, 32)
        from component in Gen.Choose(1, 256)
        from transport in Gen.Elements("udp", "tcp")
        from priority in ArbMap.Default.GeneratorFor<uint>()
        from address in Address
        from port in Gen.Choose(0, 65535)
        from type in Gen.Elements(Enum.GetValues<IceCandidateType>())
        from related in Gen.Elements(false, true)
        from relatedAddress in Address
        from relatedPort in Gen.Choose(0, 65535)
        from extensions in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(
            from name in Gen.Elements("generation", "network-id", "network-cost", "ufrag", "tcptype")
            from value in Chars(IceChars, 1, 10)
            select new KeyValuePair<string, string>(name, value), n))
        select new IceCandidate
        {
            Foundation = foundation,
            Component = component,
            Transport = transport,
            Priority = priority,
            Address = address,
            Port = port,
            Type = type,
            RelatedAddress = related ? relatedAddress : null,
            RelatedPort = related ? relatedPort : null,
            Extensions = extensions,
        };

    public static Gen<DtlsFingerprint> Fingerprint { get; } =
        from sha1 in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from digest in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), sha1 ? 20 : 32)
        select new DtlsFingerprint(sha1 ? "sha-1" : "sha-256", digest);

    public static Gen<SessionDescription> Description { get; } =
        from sessionId in Chars("0123456789", 1, 20)
        from version in ArbMap.Default.GeneratorFor<ulong>()
        from ufrag in Chars(IceChars, 4, 16)
        from password in Chars(IceChars, 22, 32)
        from lite in Gen.Elements(false, true)
        from options in Gen.Elements<string[]>([], ["trickle"], ["trickle", "renomination"])
        from fingerprints in Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(Fingerprint, n))
        from setup in Gen.Elements(Enum.GetValues<DtlsSetup>())
        from mid in Gen.Frequency((1, Gen.Constant<string?>(null)), (4, Chars(TokenChars, 1, 8).Select(m => (string?)m)))
        from bundle in Gen.Elements(false, true)
        from sctpPort in Gen.Choose(1, 65535)
        from maxMessage in Gen.Frequency((1, Gen.Constant<long?>(null)), (3, ArbMap.Default.GeneratorFor<long>().Select(v => (long?)Math.Abs(v % long.MaxValue))))
        from candidates in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Candidate, n))
        from end in Gen.Elements(false, true)
        select new SessionDescription
        {
            SessionId = sessionId,
            SessionVersion = version,
            Ice = new IceCredentials(ufrag, password),
            IceLite = lite,
            IceOptions = options,
            Fingerprints = fingerprints,
            Setup = setup,
            Mid = mid,
            BundleMids = bundle && mid is not null ? [mid] : [],
            SctpPort = sctpPort,
            MaxMessageBytes = maxMessage,
            Candidates = candidates,
            EndOfCandidates = end,
        };
}
