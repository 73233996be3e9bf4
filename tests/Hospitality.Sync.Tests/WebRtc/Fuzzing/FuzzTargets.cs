using System.Buffers.Binary;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.Tests.Signaling;
using Hospitality.Sync.Tests.Discovery;
using Hospitality.Sync.Tests.WebRtc.Sctp;
using Hospitality.Sync.Tests.WebRtc.Sdp;
using Hospitality.Sync.Tests.WebRtc.Stun;
using Hospitality.Sync.WebRtc.DataChannels;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Sctp;
using Hospitality.Sync.WebRtc.Sdp;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.Tests.WebRtc.Fuzzing;

/// <summary>Every parser of network input in the WebRTC stack and mDNS, with seeds drawn from the property tests' generators and real peers' SDP.</summary>
public static class FuzzTargets
{
    public static FuzzTarget Named(string name) => name switch
    {
        "stun" => Stun(),
        "ice-agent" => IceAgentInput(),
        "sdp" => SdpText(),
        "ice-candidate" => CandidateLine(),
        "sctp" => SctpPackets(),
        "sctp-association" => SctpAssociationInput(),
        "dcep" => Dcep(),
        "mdns" => Mdns(),
        "replication-compressed" => CompressedReplication(),
        "signaling" => Signaling(),
        _ => throw new ArgumentException($"no fuzz target '{name}'"),
    };

    public static TheoryData<string> Names => new() { "stun", "ice-agent", "sdp", "ice-candidate", "sctp", "sctp-association", "dcep", "mdns", "replication-compressed", "signaling" };

    private static FuzzTarget Stun() =>
        new("stun", StunSeeds(), bytes => StunMessage.Decode(bytes), typeof(StunFormatException));

    private static FuzzTarget IceAgentInput()
    {
        var random = new SeededRandom(7);
        var local = IceCredentials.Generate(random);
        var agent = new IceAgent(new IceAgentOptions(), local, IceRole.Controlled, new ManualClock(), random, (_, _, _) => { });
        var here = new IPEndPoint(IPAddress.Loopback, 5000);
        agent.AddLocalHost(here);
        agent.SetRemoteCredentials(IceCredentials.Generate(random));
        var request = new StunMessage
        {
            Type = new StunMessageType(StunMethod.Binding, StunClass.Request),
            TransactionId = StunTransactionId.New(random),
            Username = "remote:" + local.Ufrag,
            Priority = 1853817087,
            IceControlling = 42,
            UseCandidate = true,
        }.Encode(Encoding.UTF8.GetBytes(local.Password));
        var from = new IPEndPoint(IPAddress.Loopback, 6000);
        return new("ice-agent", [request, .. StunSeeds()], bytes => agent.HandleStun(bytes, here, from), AllowedError: null);
    }

    private static FuzzTarget SdpText() =>
        new("sdp", [.. new[] { SdpExamples.ChromiumOffer }.Concat(OtherExamples()).Select(Encoding.UTF8.GetBytes)],
            bytes => SessionDescription.Parse(Encoding.UTF8.GetString(bytes)), typeof(SdpFormatException));

    private static FuzzTarget CandidateLine() =>
        new("ice-candidate",
            [.. new[]
            {
                "candidate:1467250027 1 udp 2113937151 5f0a3c2e-8d1b-4e6f-9a0b-2c4d6e8f0a1b.local 54400 typ host generation 0 network-cost 999",
                "a=candidate:842163049 1 udp 1677729535 203.0.113.7 61234 typ srflx raddr 0.0.0.0 rport 0 generation 0",
                "candidate:1 1 UDP 2130706431 ::1 50000 typ host",
                "candidate:3 1 udp 1853824767 192.0.2.5 50001 typ prflx raddr 10.0.0.2 rport 50000",
            }.Select(Encoding.UTF8.GetBytes)],
            bytes => IceCandidate.Parse(Encoding.UTF8.GetString(bytes)), typeof(SdpFormatException));

    private static FuzzTarget SctpPackets() =>
        new("sctp", SctpSeeds(), bytes => SctpPacket.Decode(bytes), typeof(SctpFormatException)) { Prepare = WithChecksum };

    /// <summary>An established association fed mutated packets of its own conversation, checksums fixed so they reach the state machine.</summary>
    private static FuzzTarget SctpAssociationInput()
    {
        var link = new SctpLink(seed: 3);
        link.A.Connect();
        link.RunUntil(() => link.A.State == SctpAssociationState.Established && link.B.State == SctpAssociationState.Established, TimeSpan.FromSeconds(10));
        link.A.Send(1, PayloadProtocol.String, Encoding.UTF8.GetBytes(new string('x', 3000)));
        link.A.ResetStreams([1]);
        link.RunFor(TimeSpan.FromSeconds(2));
        var corpus = link.Sent.Where(s => s.ToB).Select(s => s.Packet.Encode()).ToList();
        var executions = 0;
        return new("sctp-association", corpus, bytes =>
        {
            link.B.HandlePacket(bytes);
            if (++executions % 64 == 0)
            {
                link.RunFor(TimeSpan.FromMilliseconds(500));
            }
        }, AllowedError: null)
        { Prepare = WithChecksum };
    }

    private static FuzzTarget Dcep() =>
        new("dcep",
            [
                new DataChannelOpen { ChannelType = DataChannelType.Reliable, Label = "interop", Protocol = "" }.Encode(),
                new DataChannelOpen { ChannelType = DataChannelType.ReliableUnordered, Label = "a", Protocol = "chat", Priority = 256, ReliabilityParameter = 3 }.Encode(),
                [0x02],
            ],
            bytes => DcepMessage.Decode(bytes), typeof(DcepFormatException));

    /// <summary>mDNS packets from anyone on the segment: decoding reports an error, never throws.</summary>
    private static FuzzTarget Mdns() =>
        new("mdns", [.. MdnsExamples.Packets.Select(MdnsCodec.Encode)], bytes => MdnsCodec.Decode(bytes), AllowedError: null);

    /// <summary>Compressed replication frames: expansion and decoding report an error, never throw.</summary>
    private static FuzzTarget CompressedReplication()
    {
        var rooms = Enumerable.Range(0, 30)
            .Select(number => new Document("rooms", $"room-{number}", $$"""{"number":"{{number}}","status":"clean"}""", new HlcTimestamp(1_700_000_000_000 + number, 0, "tablet-1"), false, "tablet-1"))
            .ToList();
        var page = ProtocolCodec.Encode(new PullResponse(1, rooms, 30));
        return new("replication-compressed",
            [FrameCompression.Compress(page, WireCompression.Deflate), FrameCompression.Compress(page, WireCompression.Brotli), ProtocolCodec.Encode(new HelloRequest(0, [WireCompression.Brotli]))],
            bytes => ProtocolCodec.Decode(bytes), AllowedError: null);
    }

    private static FuzzTarget Signaling() =>
        new("signaling", [.. SignalMessages.Any.Sample(40, 30).Select(SignalCodec.Encode)], bytes => SignalCodec.Decode(bytes), AllowedError: null);

    private static List<byte[]> StunSeeds() =>
        [.. StunMessages.Sealed.Generator.Sample(40, 30).Select(s => s.Message.Encode(s.Key, s.Fingerprint))];

    private static List<byte[]> SctpSeeds() =>
        [.. Sctp.SctpPackets.Packet.Sample(40, 30).Select(p => p.Encode())];

    private static IEnumerable<string> OtherExamples() =>
        typeof(SdpExamples).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(SdpExamples.Fingerprint))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static byte[] WithChecksum(byte[] packet)
    {
        if (packet.Length >= 12)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(SctpChecksum.Offset), SctpChecksum.ComputeForPacket(packet));
        }

        return packet;
    }
}
