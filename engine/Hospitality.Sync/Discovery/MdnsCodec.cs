using System.Buffers.Binary;
using Hospitality.Sync.Replication.Protocol;
using Makaretu.Dns;

namespace Hospitality.Sync.Discovery;

/// <summary>
/// mDNS packets to and from bytes, with Makaretu.Dns doing the DNS wire format. Decoding bounds the
/// packet before the library sees it and turns anything the library throws into an error: a
/// malformed packet from the segment is dropped and counted, never raised.
/// </summary>
internal static class MdnsCodec
{
    /// <summary>RFC 6762 §17: an mDNS packet, headers excluded, is at most 9,000 bytes.</summary>
    public const int MaxPacketBytes = 9000;

    /// <summary>More records than a packet of our four small types could hold in 9,000 bytes is a forgery.</summary>
    public const int MaxEntriesPerPacket = 256;

    private const int HeaderBytes = 12;
    private const ushort CacheFlushOrUnicastBit = 0x8000;
    private const ushort InternetClass = 1;

    public static byte[] Encode(MdnsPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var message = new Message { QR = packet.IsResponse, AA = packet.IsResponse };
        foreach (var question in packet.Questions)
        {
            message.Questions.Add(new Question
            {
                Name = question.Name,
                Type = (DnsType)question.Kind,
                Class = (DnsClass)(InternetClass | (question.UnicastResponse ? CacheFlushOrUnicastBit : 0)),
            });
        }

        message.Answers.AddRange(packet.Answers.Select(ToWire));
        message.AuthorityRecords.AddRange(packet.Authorities.Select(ToWire));
        message.AdditionalRecords.AddRange(packet.Additionals.Select(ToWire));
        var bytes = message.ToByteArray();
        return bytes.Length <= MaxPacketBytes
            ? bytes
            : throw new ArgumentException($"The packet encodes to {bytes.Length} bytes; mDNS allows {MaxPacketBytes}.", nameof(packet));
    }

    [ThreadStatic]
    private static RecentlyDecoded<MdnsPacket>? t_recentlyDecoded;

    /// <summary>
    /// Decodes one datagram; records of types other than A, PTR, SRV and TXT are skipped. A packet equal
    /// to one decoded lately on this thread gets the same (immutable) packet back: a multicast reaches
    /// every host of its segment, and a simulated segment's 167 hosts would each parse it again.
    /// </summary>
    public static MdnsDecodeResult Decode(ReadOnlySpan<byte> datagram)
    {
        var recent = t_recentlyDecoded ??= new RecentlyDecoded<MdnsPacket>();
        if (recent.Find(datagram) is { } remembered)
        {
            return MdnsDecodeResult.Success(remembered);
        }

        var decoded = DecodeFresh(datagram);
        if (decoded.IsSuccess)
        {
            recent.Add(datagram, decoded.Packet);
        }

        return decoded;
    }

    private static MdnsDecodeResult DecodeFresh(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > MaxPacketBytes)
        {
            return MdnsDecodeResult.Failure($"packet of {datagram.Length} bytes exceeds mDNS's {MaxPacketBytes}");
        }

        if (datagram.Length < HeaderBytes)
        {
            return MdnsDecodeResult.Failure($"packet of {datagram.Length} bytes is shorter than the 12-byte DNS header");
        }

        var entries = 0;
        for (var offset = 4; offset < HeaderBytes; offset += 2)
        {
            entries += BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
        }

        if (entries > MaxEntriesPerPacket)
        {
            return MdnsDecodeResult.Failure($"header announces {entries} questions and records; at most {MaxEntriesPerPacket} are accepted");
        }

        // RFC 6762 §18.3: mDNS packets use opcode 0 (standard query) only.
        var opcode = (datagram[2] >> 3) & 0x0F;
        if (opcode != 0)
        {
            return MdnsDecodeResult.Failure($"opcode {opcode} is not a standard query");
        }

        Message message;
        try
        {
            message = new Message();
            message.Read(datagram.ToArray());
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The library reports a malformed packet with whatever its reader hit (end of stream,
            // bad pointer, bad label): all of them mean the same thing here.
            return MdnsDecodeResult.Failure($"malformed DNS message: {exception.GetType().Name}: {exception.Message}");
        }

        return MdnsDecodeResult.Success(new MdnsPacket(
            message.QR,
            message.Questions.Select(FromWire).OfType<MdnsQuestion>().ToArray(),
            FromWire(message.Answers))
        {
            Authorities = FromWire(message.AuthorityRecords),
            Additionals = FromWire(message.AdditionalRecords),
        });
    }

    private static ResourceRecord ToWire(MdnsRecord record)
    {
        ResourceRecord wire = record.Kind switch
        {
            MdnsRecordKind.A => new ARecord { Address = record.Address ?? throw new ArgumentException($"A record {record.Name} has no address.") },
            MdnsRecordKind.Ptr => new PTRRecord { DomainName = record.Target ?? throw new ArgumentException($"PTR record {record.Name} has no target.") },
            MdnsRecordKind.Srv => new SRVRecord { Port = (ushort)record.Port, Target = record.Target ?? throw new ArgumentException($"SRV record {record.Name} has no target.") },
            MdnsRecordKind.Txt => new TXTRecord { Strings = [.. record.Text] },
            _ => throw new ArgumentException($"{record.Kind} is not a record type this codec writes."),
        };
        wire.Name = record.Name;
        wire.TTL = record.Ttl;
        wire.Class = (DnsClass)(InternetClass | (record.CacheFlush ? CacheFlushOrUnicastBit : 0));
        return wire;
    }

    private static MdnsQuestion? FromWire(Question question)
    {
        var kind = (MdnsRecordKind)question.Type;
        return ((ushort)question.Class & ~CacheFlushOrUnicastBit) == InternetClass && Enum.IsDefined(kind)
            ? new MdnsQuestion(NameText(question.Name), kind, ((ushort)question.Class & CacheFlushOrUnicastBit) != 0)
            : null;
    }

    private static MdnsRecord[] FromWire(List<ResourceRecord> records) => records.Select(FromWire).OfType<MdnsRecord>().ToArray();

    private static MdnsRecord? FromWire(ResourceRecord wire)
    {
        var wireClass = (ushort)wire.Class;
        if ((wireClass & ~CacheFlushOrUnicastBit) != InternetClass)
        {
            return null;
        }

        var record = new MdnsRecord(NameText(wire.Name), (MdnsRecordKind)wire.Type, wire.TTL, (wireClass & CacheFlushOrUnicastBit) != 0);
        return wire switch
        {
            ARecord address when address.Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetwork } => record with { Address = address.Address },
            PTRRecord pointer => record with { Target = NameText(pointer.DomainName) },
            SRVRecord service => record with { Target = NameText(service.Target), Port = service.Port },
            TXTRecord text => record with { Text = [.. text.Strings] },
            _ => null,
        };
    }

    /// <summary>The labels as they are: DomainName.ToString escapes spaces (<c>\032</c>), which DNS-SD instance names have.</summary>
    private static string NameText(DomainName? name) => name is null ? "" : string.Join('.', name.Labels);
}
