using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>
/// DATA_CHANNEL_OPEN (RFC 8832 section 5.1): channel type, priority, reliability parameter
/// (retransmissions or lifetime in ms, by type), then label and protocol as UTF-8.
/// </summary>
internal sealed record DataChannelOpen : DcepMessage
{
    public const int FieldsBytes = 12;

    /// <summary>The RTCPriorityType "low" value, the default (RFC 8831 section 6.4).</summary>
    public const ushort PriorityBelowNormal = 128;

    public DataChannelType ChannelType { get; init; } = DataChannelType.Reliable;

    public ushort Priority { get; init; } = PriorityBelowNormal;

    /// <summary>Retransmissions for the Retransmit types, lifetime in milliseconds for the Timed ones, ignored for Reliable.</summary>
    public uint ReliabilityParameter { get; init; }

    public string Label { get; init; } = "";

    public string Protocol { get; init; } = "";

    public bool Ordered => ((byte)ChannelType & 0x80) == 0;

    public override byte[] Encode()
    {
        var label = Encoding.UTF8.GetBytes(Label);
        var protocol = Encoding.UTF8.GetBytes(Protocol);
        if (label.Length > ushort.MaxValue || protocol.Length > ushort.MaxValue)
        {
            throw new ArgumentException("label and protocol are each at most 65,535 bytes of UTF-8");
        }

        var bytes = new byte[FieldsBytes + label.Length + protocol.Length];
        bytes[0] = OpenType;
        bytes[1] = (byte)ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), Priority);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), ReliabilityParameter);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(8), (ushort)label.Length);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(10), (ushort)protocol.Length);
        label.CopyTo(bytes, FieldsBytes);
        protocol.CopyTo(bytes, FieldsBytes + label.Length);
        return bytes;
    }

    internal static DataChannelOpen Read(ReadOnlySpan<byte> message)
    {
        if (message.Length < FieldsBytes)
        {
            throw new DcepFormatException($"DATA_CHANNEL_OPEN is {message.Length} bytes; its fixed fields take {FieldsBytes}");
        }

        var type = (DataChannelType)message[1];
        if (!Enum.IsDefined(type))
        {
            throw new DcepFormatException($"channel type 0x{message[1]:X2} is not one RFC 8832 defines");
        }

        var labelBytes = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        var protocolBytes = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (message.Length != FieldsBytes + labelBytes + protocolBytes)
        {
            throw new DcepFormatException($"DATA_CHANNEL_OPEN with a {labelBytes}-byte label and {protocolBytes}-byte protocol is {FieldsBytes + labelBytes + protocolBytes} bytes, not {message.Length}");
        }

        var label = message.Slice(FieldsBytes, labelBytes);
        var protocol = message.Slice(FieldsBytes + labelBytes, protocolBytes);
        if (!Utf8.IsValid(label) || !Utf8.IsValid(protocol))
        {
            throw new DcepFormatException("the label or protocol of DATA_CHANNEL_OPEN is not valid UTF-8");
        }

        return new DataChannelOpen
        {
            ChannelType = type,
            Priority = BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            ReliabilityParameter = BinaryPrimitives.ReadUInt32BigEndian(message[4..]),
            Label = Encoding.UTF8.GetString(label),
            Protocol = Encoding.UTF8.GetString(protocol),
        };
    }
}
