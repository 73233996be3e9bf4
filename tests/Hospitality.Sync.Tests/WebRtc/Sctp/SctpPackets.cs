using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sync.WebRtc.Sctp;

namespace Hospitality.Sync.Tests.WebRtc.Sctp;

/// <summary>Generated SCTP packets holding every chunk kind, with odd lengths so padding is exercised.</summary>
internal static class SctpPackets
{
    private static Gen<uint> UInt32 => ArbMap.Default.GeneratorFor<uint>();

    private static Gen<ushort> UInt16 => ArbMap.Default.GeneratorFor<ushort>();

    private static Gen<bool> Bool => Gen.Elements(false, true);

    public static Gen<byte[]> Bytes(int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n));

    private static Gen<T[]> Some<T>(Gen<T> gen, int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(gen, n));

    private static Gen<SctpErrorCause> Cause { get; } =
        from code in UInt16
        from info in Bytes(9)
        select new SctpErrorCause(code, info);

    private static Gen<SctpParameter> Parameter { get; } =
        from type in Gen.Choose(9, 0x7FFF).Select(t => (ushort)t)
        from value in Bytes(9)
        select new SctpParameter(type, value);

    public static Gen<DataChunk> Data { get; } =
        from tsn in UInt32
        from stream in UInt16
        from sequence in UInt16
        from ppid in UInt32
        from data in Bytes(40)
        from flags in Gen.Choose(0, 15)
        select new DataChunk
        {
            Tsn = tsn,
            StreamId = stream,
            StreamSequence = sequence,
            PayloadProtocol = ppid,
            UserData = data,
            Immediate = (flags & 8) != 0,
            Unordered = (flags & 4) != 0,
            Beginning = (flags & 2) != 0,
            Ending = (flags & 1) != 0,
        };

    public static Gen<InitChunk> Init { get; } =
        from isAck in Bool
        from tag in UInt32
        from window in UInt32
        from outbound in UInt16
        from inbound in UInt16
        from tsn in UInt32
        from cookie in Bytes(30)
        from extensions in Gen.Elements<byte[]?>(null, [130], [130, 192], [])
        from forwardTsn in Bool
        from others in Some(Parameter, 3)
        select new InitChunk
        {
            IsAck = isAck,
            InitiateTag = tag,
            ReceiverWindowBytes = window,
            OutboundStreams = outbound,
            InboundStreams = inbound,
            InitialTsn = tsn,
            StateCookie = isAck ? (ReadOnlyMemory<byte>?)cookie : null,
            SupportedExtensions = extensions,
            ForwardTsnSupported = forwardTsn,
            OtherParameters = others,
        };

    public static Gen<SackChunk> Sack { get; } =
        from cumulative in UInt32
        from window in UInt32
        from gaps in Some(from s in UInt16 from e in UInt16 select new GapAckBlock(s, e), 4)
        from duplicates in Some(UInt32, 3)
        select new SackChunk { CumulativeTsnAck = cumulative, ReceiverWindowBytes = window, GapBlocks = gaps, DuplicateTsns = duplicates };

    public static Gen<ReconfigParameter> ReconfigParameter { get; } = Gen.OneOf(
        from request in UInt32
        from response in UInt32
        from last in UInt32
        from streams in Some(UInt16, 5)
        select (ReconfigParameter)new OutgoingResetRequest { RequestSequence = request, ResponseSequence = response, LastAssignedTsn = last, Streams = streams },
        from request in UInt32
        from streams in Some(UInt16, 5)
        select (ReconfigParameter)new IncomingResetRequest { RequestSequence = request, Streams = streams },
        from response in UInt32
        from result in Gen.Choose(0, 6)
        from withTsns in Bool
        from sender in UInt32
        from receiver in UInt32
        select (ReconfigParameter)new ReconfigResponse
        {
            ResponseSequence = response,
            Result = (ReconfigResult)result,
            SenderNextTsn = withTsns ? sender : null,
            ReceiverNextTsn = withTsns ? receiver : null,
        },
        from type in Gen.Choose(17, 18)
        from value in Bytes(8)
        select (ReconfigParameter)new UnknownReconfigParameter((ushort)type, value));

    public static Gen<SctpChunk> Chunk { get; } = Gen.OneOf(
        Data.Select(c => (SctpChunk)c),
        Init.Select(c => (SctpChunk)c),
        Sack.Select(c => (SctpChunk)c),
        from isAck in Bool from info in Bytes(20) select (SctpChunk)new HeartbeatChunk { IsAck = isAck, Info = info },
        from reflected in Bool from causes in Some(Cause, 3) select (SctpChunk)new AbortChunk { TagReflected = reflected, Causes = causes },
        Some(Cause, 3).Select(causes => (SctpChunk)new ErrorChunk { Causes = causes }),
        UInt32.Select(tsn => (SctpChunk)new ShutdownChunk { CumulativeTsnAck = tsn }),
        from type in Gen.Elements(SctpChunkType.ShutdownAck, SctpChunkType.CookieAck, SctpChunkType.ShutdownComplete)
        from reflected in Bool
        select (SctpChunk)new SignalChunk(type) { TagReflected = reflected && type == SctpChunkType.ShutdownComplete },
        Bytes(40).Select(cookie => (SctpChunk)new CookieEchoChunk { Cookie = cookie }),
        from tsn in UInt32
        from streams in Some(from s in UInt16 from q in UInt16 select new ForwardTsnStream(s, q), 3)
        select (SctpChunk)new ForwardTsnChunk { NewCumulativeTsn = tsn, Streams = streams },
        Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(ReconfigParameter, n)).Select(p => (SctpChunk)new ReconfigChunk { Parameters = p }),
        from type in Gen.Elements<byte>(15, 63, 64, 128, 200, 255)
        from flags in ArbMap.Default.GeneratorFor<byte>()
        from value in Bytes(12)
        select (SctpChunk)new UnknownChunk { TypeValue = type, FlagsValue = flags, Value = value });

    public static Gen<SctpPacket> Packet { get; } =
        from source in UInt16
        from destination in UInt16
        from tag in UInt32
        from chunks in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Chunk, n))
        select new SctpPacket { SourcePort = source, DestinationPort = destination, VerificationTag = tag, Chunks = chunks };
}
