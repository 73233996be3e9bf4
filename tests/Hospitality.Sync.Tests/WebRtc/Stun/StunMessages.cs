using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.Tests.WebRtc.Stun;

/// <summary>Generated STUN messages: any class, ICE attributes present or not, IPv4 and IPv6 addresses, non-ASCII text.</summary>
internal static class StunMessages
{
    private static readonly char[] TextChars = "abcXYZ019:+/= -\u00e9\u00fc\u4e2d\u30de".ToCharArray();

    public static Gen<string> Text(int maxChars) =>
        Gen.Choose(0, maxChars).SelectMany(length => Gen.ArrayOf(Gen.Elements(TextChars), length)).Select(chars => new string(chars));

    public static Gen<IPEndPoint> EndPoint { get; } =
        from v6 in Gen.Elements(false, true)
        from bytes in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), v6 ? 16 : 4)
        from port in Gen.Choose(0, 65535)
        select new IPEndPoint(new IPAddress(bytes), port);

    public static Gen<StunMessage> Message { get; } =
        from method in Gen.Frequency((4, Gen.Constant(StunMethod.Binding)), (1, Gen.Choose(0, StunMessageType.MethodMax).Select(m => (StunMethod)m)))
        from type in Gen.Elements(StunClass.Request, StunClass.Indication, StunClass.SuccessResponse, StunClass.ErrorResponse)
        from high in ArbMap.Default.GeneratorFor<ulong>()
        from low in ArbMap.Default.GeneratorFor<uint>()
        from username in OptionalReference(Text(40))
        from software in OptionalReference(Text(20))
        from priority in Optional(ArbMap.Default.GeneratorFor<uint>())
        from useCandidate in Gen.Elements(false, true)
        from controlling in Optional(ArbMap.Default.GeneratorFor<ulong>())
        from controlled in Optional(ArbMap.Default.GeneratorFor<ulong>())
        from xorMapped in OptionalReference(EndPoint)
        from mapped in OptionalReference(EndPoint)
        from error in Optional(Gen.Choose(300, 699).SelectMany(code => Text(30).Select(reason => new StunErrorCode(code, reason))))
        from unknown in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 0x7FFF).Select(t => (ushort)t), n))
        select new StunMessage
        {
            Type = new StunMessageType(method, type),
            TransactionId = new StunTransactionId(high, low),
            Username = username,
            Software = software,
            Priority = priority,
            UseCandidate = useCandidate,
            IceControlling = controlling,
            IceControlled = controlled,
            XorMappedAddress = xorMapped,
            MappedAddress = mapped,
            ErrorCode = error,
            UnknownAttributes = unknown,
        };

    /// <summary>A message and how it is sealed: with or without MESSAGE-INTEGRITY (and which key), with or without FINGERPRINT.</summary>
    public static Arbitrary<(StunMessage Message, byte[] Key, bool Fingerprint)> Sealed { get; } =
        (from message in Message
         from key in Gen.Frequency((1, Gen.Constant(Array.Empty<byte>())), (3, Text(30).Select(t => StunMessage.ShortTermKey("k" + t))))
         from fingerprint in Gen.Elements(false, true)
         select (message, key, fingerprint)).ToArbitrary();

    public static bool SameFields(StunMessage a, StunMessage b) =>
        a.Type == b.Type && a.TransactionId == b.TransactionId && a.Username == b.Username && a.Software == b.Software
        && a.Priority == b.Priority && a.UseCandidate == b.UseCandidate && a.IceControlling == b.IceControlling
        && a.IceControlled == b.IceControlled && Equals(a.XorMappedAddress, b.XorMappedAddress)
        && Equals(a.MappedAddress, b.MappedAddress) && a.ErrorCode == b.ErrorCode
        && a.UnknownAttributes.SequenceEqual(b.UnknownAttributes);

    private static Gen<T?> Optional<T>(Gen<T> gen)
        where T : struct =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(value => (T?)value)));

    private static Gen<T?> OptionalReference<T>(Gen<T> gen)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(value => (T?)value)));
}
