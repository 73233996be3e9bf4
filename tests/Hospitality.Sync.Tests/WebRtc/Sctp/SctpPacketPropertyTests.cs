using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.WebRtc.Sctp;

namespace Hospitality.Sync.Tests.WebRtc.Sctp;

/// <summary>Packets survive encoding and decoding, and no bytes from the peer make the decoder throw anything but its own error.</summary>
public sealed class SctpPacketPropertyTests
{
    [Property(MaxTest = 1_000)]
    public Property Every_packet_survives_a_round_trip_byte_for_byte() =>
        Prop.ForAll(SctpPackets.Packet.ToArbitrary(), packet =>
        {
            var bytes = packet.Encode();
            var decoded = SctpPacket.Decode(bytes);
            return bytes.Length % 4 == 0
                && decoded.Chunks.Count == packet.Chunks.Count
                && decoded.Chunks.Select(c => c.Type).SequenceEqual(packet.Chunks.Select(c => c.Type))
                && decoded.VerificationTag == packet.VerificationTag
                && decoded.Encode().AsSpan().SequenceEqual(bytes);
        });

    [Property(MaxTest = 500)]
    public Property Data_chunks_keep_every_field() =>
        Prop.ForAll(SctpPackets.Data.ToArbitrary(), data =>
        {
            var packet = new SctpPacket { SourcePort = 5000, DestinationPort = 5000, VerificationTag = 1, Chunks = [data] };
            var decoded = (DataChunk)SctpPacket.Decode(packet.Encode()).Chunks[0];
            return decoded with { UserData = data.UserData } == data && decoded.UserData.Span.SequenceEqual(data.UserData.Span);
        });

    [Property(MaxTest = 2_000)]
    public bool Random_bytes_raise_only_the_codecs_own_error(byte[] noise) => OnlyCodecErrors(noise) && OnlyCodecErrors(WithChecksum(noise));

    [Property(MaxTest = 2_000)]
    public Property Mutated_packets_with_a_valid_checksum_raise_only_the_codecs_own_error() =>
        Prop.ForAll(SctpPackets.Packet.ToArbitrary(), ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<byte>(), (packet, position, value) =>
        {
            // The checksum would catch almost every mutation, so recompute it and let the chunk parsers face the damage.
            var bytes = packet.Encode();
            var index = SctpPacket.HeaderBytes + (int)((uint)position % (bytes.Length - SctpPacket.HeaderBytes));
            var changed = bytes.ToArray();
            changed[index] = value;
            return OnlyCodecErrors(WithChecksum(changed)) && OnlyCodecErrors(WithChecksum(bytes[..index]));
        });

    [Property(MaxTest = 500)]
    public Property Any_changed_byte_fails_the_checksum() =>
        Prop.ForAll(SctpPackets.Packet.ToArbitrary(), ArbMap.Default.ArbFor<int>(), Gen.Choose(1, 255).ToArbitrary(), (packet, position, flip) =>
        {
            var bytes = packet.Encode();
            bytes[(int)((uint)position % bytes.Length)] ^= (byte)flip;
            return !SctpPacket.TryDecode(bytes, out _, out var error) && error.Contains("checksum", StringComparison.Ordinal);
        });

    private static byte[] WithChecksum(byte[] bytes)
    {
        if (bytes.Length < SctpPacket.HeaderBytes)
        {
            return bytes;
        }

        var copy = bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(SctpChecksum.Offset), SctpChecksum.ComputeForPacket(copy));
        return copy;
    }

    private static bool OnlyCodecErrors(byte[] bytes)
    {
        try
        {
            SctpPacket.Decode(bytes);
            return SctpPacket.TryDecode(bytes, out _, out _);
        }
        catch (SctpFormatException exception)
        {
            return !SctpPacket.TryDecode(bytes, out _, out var error) && error == exception.Message;
        }
    }
}
