using System.Text;
using Hospitality.Sync.Tests.WebRtc.Stun;
using Hospitality.Sync.WebRtc.Sctp;

namespace Hospitality.Sync.Tests.WebRtc.Sctp;

public sealed class SctpPacketTests
{
    [Fact]
    public void The_checksum_is_crc32c_with_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, SctpChecksum.Compute("123456789"u8));
    }

    [Theory]
    [InlineData(0x00, 0x8A9136AAu)]
    [InlineData(0xFF, 0x62A8AB43u)]
    public void The_checksum_matches_the_iscsi_vectors_for_32_equal_bytes(byte fill, uint expected)
    {
        Assert.Equal(expected, SctpChecksum.Compute(Enumerable.Repeat(fill, 32).ToArray()));
    }

    [Fact]
    public void The_checksum_matches_the_iscsi_vector_for_incrementing_bytes()
    {
        Assert.Equal(0x46DD794Eu, SctpChecksum.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void The_checksum_is_stored_little_endian_over_the_packet_with_the_field_zeroed()
    {
        var bytes = new SctpPacket { SourcePort = 5000, DestinationPort = 5000, VerificationTag = 0, Chunks = [SignalChunk.CookieAck] }.Encode();

        var zeroed = bytes.ToArray();
        zeroed.AsSpan(8, 4).Clear();
        var crc = SctpChecksum.Compute(zeroed);
        Assert.Equal([(byte)crc, (byte)(crc >> 8), (byte)(crc >> 16), (byte)(crc >> 24)], bytes[8..12]);
    }

    [Fact]
    public void An_init_like_chromiums_encodes_to_the_rfc_layout()
    {
        var init = new InitChunk
        {
            InitiateTag = 0x11223344,
            ReceiverWindowBytes = 131072,
            OutboundStreams = 1024,
            InboundStreams = 1024,
            InitialTsn = 0xA0B0C0D0,
            SupportedExtensions = [(byte)SctpChunkType.Reconfig, (byte)SctpChunkType.ForwardTsn],
            ForwardTsnSupported = true,
        };

        var bytes = new SctpPacket { SourcePort = 5000, DestinationPort = 5000, VerificationTag = 0, Chunks = [init] }.Encode();

        byte[] withoutChecksum = [.. bytes[..8], .. bytes[12..]];
        Assert.Equal(Hex.Bytes("""
            1388 1388 00000000
            01 00 0020
            11223344 00020000 0400 0400 a0b0c0d0
            8008 0006 82c0 0000
            c000 0004
            """), withoutChecksum);
        var decoded = Assert.IsType<InitChunk>(SctpPacket.Decode(bytes).Chunks[0]);
        Assert.Equal(init.InitiateTag, decoded.InitiateTag);
        Assert.Equal(init.InitialTsn, decoded.InitialTsn);
        Assert.Equal(init.SupportedExtensions, decoded.SupportedExtensions);
        Assert.True(decoded.ForwardTsnSupported);
        Assert.Null(decoded.StateCookie);
        Assert.Empty(decoded.OtherParameters);
    }

    [Fact]
    public void A_data_chunk_carries_its_flags_and_fields_in_order()
    {
        var data = new DataChunk { Tsn = 7, StreamId = 2, StreamSequence = 3, PayloadProtocol = 51, UserData = "hi!"u8.ToArray(), Unordered = true, Ending = false };

        var bytes = new SctpPacket { SourcePort = 1, DestinationPort = 2, VerificationTag = 3, Chunks = [data] }.Encode();

        Assert.Equal(Hex.Bytes("00 06 0013 00000007 0002 0003 00000033 686921 00"), bytes[12..]);
    }

    [Fact]
    public void A_sack_with_gap_blocks_and_duplicates_decodes_each_one()
    {
        var bytes = Packet(Hex.Bytes("03 00 001c 00000064 00010000 0002 0001 0002 0003 0005 0005 00000063"));

        var sack = Assert.IsType<SackChunk>(SctpPacket.Decode(bytes).Chunks[0]);

        Assert.Equal(100u, sack.CumulativeTsnAck);
        Assert.Equal(65536u, sack.ReceiverWindowBytes);
        Assert.Equal([new GapAckBlock(2, 3), new GapAckBlock(5, 5)], sack.GapBlocks);
        Assert.Equal([99u], sack.DuplicateTsns);
    }

    [Fact]
    public void A_stream_reset_request_and_response_round_trip()
    {
        var reconfig = new ReconfigChunk
        {
            Parameters =
            [
                new OutgoingResetRequest { RequestSequence = 10, ResponseSequence = 20, LastAssignedTsn = 30, Streams = [1, 3, 5] },
                new ReconfigResponse { ResponseSequence = 9, Result = ReconfigResult.SuccessPerformed },
            ],
        };

        var bytes = new SctpPacket { SourcePort = 5000, DestinationPort = 5000, VerificationTag = 1, Chunks = [reconfig] }.Encode();
        var decoded = Assert.IsType<ReconfigChunk>(SctpPacket.Decode(bytes).Chunks[0]);

        var request = Assert.IsType<OutgoingResetRequest>(decoded.Parameters[0]);
        Assert.Equal([(ushort)1, (ushort)3, (ushort)5], request.Streams);
        Assert.Equal(30u, request.LastAssignedTsn);
        Assert.Equal(new ReconfigResponse { ResponseSequence = 9, Result = ReconfigResult.SuccessPerformed }, decoded.Parameters[1]);

        // The request is 22 bytes, padded to 24 because another parameter follows; the response ends the chunk.
        Assert.Equal(Hex.Bytes("82 00 0028 000d 0016 0000000a 00000014 0000001e 0001 0003 0005 0000 0010 000c 00000009 00000001"), bytes[12..]);
    }

    [Fact]
    public void Chunk_length_leaves_out_the_last_parameters_padding()
    {
        var abort = new AbortChunk { Causes = [SctpErrorCause.UserAbort("bye")] };

        var bytes = new SctpPacket { SourcePort = 1, DestinationPort = 1, VerificationTag = 1, Chunks = [abort] }.Encode();

        Assert.Equal(Hex.Bytes("06 00 000b 000c 0007 627965 00"), bytes[12..]);
        Assert.Equal("bye", Encoding.UTF8.GetString(((AbortChunk)SctpPacket.Decode(bytes).Chunks[0]).Causes[0].Info.Span));
    }

    [Fact]
    public void An_unknown_chunk_is_kept_with_what_its_type_bits_ask_for()
    {
        var bytes = Packet(Hex.Bytes("c1 05 0006 abcd 0000"));

        var unknown = Assert.IsType<UnknownChunk>(SctpPacket.Decode(bytes).Chunks[0]);

        Assert.True(unknown.SkipAndContinue);
        Assert.True(unknown.Report);
        Assert.Equal(Hex.Bytes("abcd"), unknown.Value.ToArray());
    }

    [Fact]
    public void A_last_chunk_without_padding_is_accepted()
    {
        var bytes = Packet(Hex.Bytes("0a 00 0005 ee"));

        Assert.Equal([0xee], Assert.IsType<CookieEchoChunk>(SctpPacket.Decode(bytes).Chunks[0]).Cookie.ToArray());
    }

    [Theory]
    [InlineData("00 03 000c 00000001 00000002", "DATA has 8 value bytes; it needs at least 12")]
    [InlineData("0000 0003", "claims 3 bytes")]
    [InlineData("0000 0040", "claims 64 bytes")]
    [InlineData("03 00 0010 00000001 00000001 0001 0000", "needs 16 bytes, not 12")]
    [InlineData("07 00 0006 0000", "SHUTDOWN has 2 value bytes")]
    [InlineData("04 00 0008 0002 0004", "no Heartbeat Info")]
    [InlineData("82 00 0004", "RE-CONFIG carries no parameter")]
    [InlineData("82 00 0014 0010 0010 00000001 00000001 00000001", "is 12 bytes; it must be 8 or 16")]
    [InlineData("01 00 0018 00000001 00000001 0001 0001 00000001 0000 0002", "claims 2 bytes")]
    [InlineData("c0 00 0008 00000001 000000", "chunk header at byte")]
    public void Malformed_chunks_are_refused_with_the_reason(string chunkHex, string reason)
    {
        var error = Assert.Throws<SctpFormatException>(() => SctpPacket.Decode(Packet(Hex.Bytes(chunkHex))));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_packet_shorter_than_the_header_is_refused()
    {
        Assert.Contains("shorter than the 12-byte", Assert.Throws<SctpFormatException>(() => SctpPacket.Decode(new byte[11])).Message);
    }

    /// <summary>Wraps raw chunk bytes in a common header with a correct checksum.</summary>
    private static byte[] Packet(byte[] chunks)
    {
        var bytes = new byte[12 + chunks.Length];
        chunks.CopyTo(bytes, 12);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), SctpChecksum.ComputeForPacket(bytes));
        return bytes;
    }
}
