using System.Diagnostics.CodeAnalysis;

namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>A Data Channel Establishment Protocol message (RFC 8832), sent on the channel's own stream with PPID 50.</summary>
internal abstract record DcepMessage
{
    public const byte AckType = 0x02;
    public const byte OpenType = 0x03;

    public abstract byte[] Encode();

    /// <exception cref="DcepFormatException">Not an OPEN or ACK, or a malformed OPEN.</exception>
    public static DcepMessage Decode(ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty)
        {
            throw new DcepFormatException("an empty DCEP message has no type");
        }

        return message[0] switch
        {
            OpenType => DataChannelOpen.Read(message),
            AckType when message.Length == 1 => DataChannelAck.Instance,
            AckType => throw new DcepFormatException($"DATA_CHANNEL_ACK is 1 byte, not {message.Length}"),
            var type => throw new DcepFormatException($"DCEP message type 0x{type:X2} is neither OPEN (0x03) nor ACK (0x02)"),
        };
    }

    public static bool TryDecode(ReadOnlySpan<byte> message, [NotNullWhen(true)] out DcepMessage? decoded, [NotNullWhen(false)] out string? error)
    {
        try
        {
            decoded = Decode(message);
            error = null;
            return true;
        }
        catch (DcepFormatException exception)
        {
            decoded = null;
            error = exception.Message;
            return false;
        }
    }
}
