using System.Buffers.Binary;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// The netlink messages of Linux's nfnetlink_queue (NFQUEUE): the configuration that binds a queue and
/// asks for the first bytes of each packet, the verdict that lets one through, and the parse of what
/// the kernel sends (queued packets and acknowledgements). Header fields are in the host's order
/// (little-endian here), the queue's own fields big-endian, as include/uapi/linux/netfilter/nfnetlink_queue.h has them.
/// </summary>
internal static class NetfilterQueueCodec
{
    private const int MessageHeaderBytes = 16;
    private const int GenericHeaderBytes = 4;
    private const int AttributeHeaderBytes = 4;
    private const ushort SubsystemQueue = 3;
    private const ushort MessagePacket = 0;
    private const ushort MessageVerdict = 1;
    private const ushort MessageConfig = 2;
    private const ushort NetlinkError = 2;
    private const ushort NetlinkDone = 3;
    private const ushort FlagRequest = 1;
    private const ushort FlagAcknowledge = 4;
    private const ushort AttributeTypeMask = 0x3fff;

    private const ushort ConfigCommand = 1;
    private const ushort ConfigParameters = 2;
    private const ushort ConfigQueueMaxLength = 3;
    private const byte CommandBind = 1;
    private const byte CopyPacket = 2;

    private const ushort PacketHeader = 1;
    private const ushort VerdictHeader = 2;
    private const ushort PacketTimestamp = 4;
    private const ushort PacketPayload = 10;
    private const uint VerdictAccept = 1;

    /// <summary>Binds this socket to queue <paramref name="queue"/> (acknowledged).</summary>
    public static byte[] Bind(ushort queue, uint sequence) =>
        Message(MessageConfig, queue, sequence, FlagRequest | FlagAcknowledge, (ConfigCommand, [CommandBind, 0, 0, 2]));

    /// <summary>Asks for the first <paramref name="copyBytes"/> of each packet and lets <paramref name="maxLength"/> wait (acknowledged).</summary>
    public static byte[] Parameters(ushort queue, uint sequence, uint copyBytes, uint maxLength)
    {
        var parameters = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(parameters, copyBytes);
        parameters[4] = CopyPacket;
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, maxLength);
        return Message(MessageConfig, queue, sequence, FlagRequest | FlagAcknowledge, (ConfigParameters, parameters), (ConfigQueueMaxLength, length));
    }

    /// <summary>Lets packet <paramref name="id"/> of queue <paramref name="queue"/> go on (not acknowledged).</summary>
    public static byte[] Accept(ushort queue, uint id)
    {
        var verdict = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(verdict, VerdictAccept);
        BinaryPrimitives.WriteUInt32BigEndian(verdict.AsSpan(4), id);
        return Message(MessageVerdict, queue, 0, FlagRequest, (VerdictHeader, verdict));
    }

    /// <summary>
    /// Every queued packet and acknowledgement in one datagram from the kernel, in order. A packet's
    /// copied bytes are a slice of <paramref name="datagram"/>.
    /// </summary>
    /// <exception cref="FormatException">A message or attribute runs past the datagram or is shorter than its header.</exception>
    public static List<QueueMessage> Parse(ReadOnlyMemory<byte> datagram)
    {
        var messages = new List<QueueMessage>();
        var span = datagram.Span;
        var offset = 0;
        while (span.Length - offset >= MessageHeaderBytes)
        {
            var length = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]), int.MaxValue);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 4)..]);
            var sequence = BinaryPrimitives.ReadUInt32LittleEndian(span[(offset + 8)..]);
            if (length < MessageHeaderBytes || length > span.Length - offset)
            {
                throw new FormatException($"a netlink message at byte {offset} says it is {length} bytes long; {span.Length - offset} are left");
            }

            if (type == NetlinkError)
            {
                if (length < MessageHeaderBytes + 4)
                {
                    throw new FormatException($"a netlink error at byte {offset} has no error code");
                }

                messages.Add(new QueueMessage.Acknowledged(sequence, -BinaryPrimitives.ReadInt32LittleEndian(span[(offset + MessageHeaderBytes)..])));
            }
            else if (type == ((SubsystemQueue << 8) | MessagePacket))
            {
                messages.Add(Packet(datagram.Slice(offset, length), offset));
            }
            else if (type != NetlinkDone)
            {
                throw new FormatException($"a netlink message at byte {offset} is of type {type}, neither a queued packet nor an acknowledgement");
            }

            offset += Math.Min(Aligned(length), span.Length - offset);
        }

        if (offset != span.Length)
        {
            throw new FormatException($"{span.Length - offset} bytes after the last netlink message");
        }

        return messages;
    }

    private static QueueMessage.Queued Packet(ReadOnlyMemory<byte> message, int at)
    {
        var span = message.Span;
        uint? id = null;
        long? stampMicroseconds = null;
        var payload = ReadOnlyMemory<byte>.Empty;
        var offset = MessageHeaderBytes + GenericHeaderBytes;
        while (span.Length - offset >= AttributeHeaderBytes)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]) & AttributeTypeMask);
            if (length < AttributeHeaderBytes || length > span.Length - offset)
            {
                throw new FormatException($"a queued packet's attribute at byte {at + offset} says it is {length} bytes long; {span.Length - offset} are left");
            }

            var value = message.Slice(offset + AttributeHeaderBytes, length - AttributeHeaderBytes);
            if (type == PacketHeader && value.Length >= 7)
            {
                id = BinaryPrimitives.ReadUInt32BigEndian(value.Span);
            }
            else if (type == PacketTimestamp && value.Length >= 16)
            {
                var seconds = BinaryPrimitives.ReadInt64BigEndian(value.Span);
                var microseconds = BinaryPrimitives.ReadInt64BigEndian(value.Span[8..]);
                stampMicroseconds = seconds is > 0 and < long.MaxValue / 2_000_000 && microseconds is >= 0 and < 1_000_000 ? (seconds * 1_000_000) + microseconds : null;
            }
            else if (type == PacketPayload)
            {
                payload = value;
            }

            offset += Math.Min(Aligned(length), span.Length - offset);
        }

        return new QueueMessage.Queued(id ?? throw new FormatException($"a queued packet at byte {at} has no packet header"), stampMicroseconds, payload);
    }

    private static int Aligned(int length) => (int)Math.Min(((long)length + 3) & ~3L, int.MaxValue);

    private static byte[] Message(ushort kind, ushort queue, uint sequence, ushort flags, params (ushort Type, byte[] Value)[] attributes)
    {
        var length = MessageHeaderBytes + GenericHeaderBytes + attributes.Sum(attribute => Aligned(AttributeHeaderBytes + attribute.Value.Length));
        var message = new byte[length];
        var span = message.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], (ushort)((SubsystemQueue << 8) | kind));
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], sequence);

        // nfgenmsg: family AF_UNSPEC, version 0, the queue number big-endian.
        BinaryPrimitives.WriteUInt16BigEndian(span[(MessageHeaderBytes + 2)..], queue);
        var offset = MessageHeaderBytes + GenericHeaderBytes;
        foreach (var (type, value) in attributes)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)(AttributeHeaderBytes + value.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(span[(offset + 2)..], type);
            value.CopyTo(span[(offset + AttributeHeaderBytes)..]);
            offset += Aligned(AttributeHeaderBytes + value.Length);
        }

        return message;
    }
}
