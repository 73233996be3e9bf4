using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.WebRtc.Sctp;

namespace Hospitality.Sync.Tests.WebRtc.Sctp;

/// <summary>Whatever the peer sends and however the wire behaves, the association neither crashes nor delivers wrongly.</summary>
public sealed class SctpAssociationPropertyTests
{
    [Property(MaxTest = 300)]
    public Property Any_well_formed_packet_from_the_peer_is_handled_without_throwing() =>
        Prop.ForAll(SctpPackets.Chunk.ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (chunk, rightTag) =>
        {
            var link = new SctpLink();
            link.A.Connect();
            link.RunUntil(() => link.B.State == SctpAssociationState.Established && link.A.State == SctpAssociationState.Established, TimeSpan.FromMinutes(1));
            var tag = rightTag ? link.Sent.First(s => !s.ToB).Packet.Chunks.OfType<InitChunk>().Single().InitiateTag : 0u;
            var packet = new SctpPacket { SourcePort = 5000, DestinationPort = 5000, VerificationTag = tag, Chunks = [chunk] }.Encode();

            // B hears it directly, then the link runs on: timers and replies must cope too.
            link.B.HandlePacket(packet);
            link.A.Send(1, 51, "still working?"u8.ToArray());
            link.RunFor(TimeSpan.FromSeconds(30));
            return true;
        });

    [Property(MaxTest = 300)]
    public Property Random_bytes_from_the_peer_are_dropped_without_throwing() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), noise =>
        {
            var link = new SctpLink();
            link.A.Connect();
            link.RunUntil(() => link.B.State == SctpAssociationState.Established, TimeSpan.FromMinutes(1));
            link.B.HandlePacket(noise);
            return link.B.State == SctpAssociationState.Established;
        });

    [Property(MaxTest = 40)]
    public Property Every_message_arrives_once_and_in_order_per_stream_under_any_seeded_loss() =>
        Prop.ForAll(Gen.Choose(1, 10_000).ToArbitrary(), Gen.Choose(0, 15).ToArbitrary(), (seed, lossPercent) =>
        {
            var link = new SctpLink(seed, 0, jitter: TimeSpan.FromMilliseconds(20));
            link.A.Connect();
            link.B.Connect();
            link.RunUntil(() => link.A.State == SctpAssociationState.Established && link.B.State == SctpAssociationState.Established, TimeSpan.FromMinutes(5));
            link.LossRate = lossPercent / 100.0;
            var random = new Random(seed);
            var sent = new List<(ushort Stream, byte[] Data)>();
            for (var i = 0; i < 60; i++)
            {
                var data = new byte[1 + random.Next(4000)];
                random.NextBytes(data);
                var stream = (ushort)random.Next(3);
                sent.Add((stream, data));
                link.A.Send(stream, 53, data);
            }

            var done = link.RunUntil(() => link.ReceivedByB.Count >= sent.Count, TimeSpan.FromMinutes(30));
            return done && link.ReceivedByB.Count == sent.Count
                && Enumerable.Range(0, 3).All(s =>
                    sent.Where(m => m.Stream == s).Select(m => Convert.ToHexString(m.Data))
                        .SequenceEqual(link.ReceivedByB.Where(m => m.StreamId == s).Select(m => Convert.ToHexString(m.Data))));
        });
}
