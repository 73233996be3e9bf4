using System.Text;

namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>A received message: text (PPID 51 or 56) or binary (53 or 57).</summary>
public sealed record DataChannelMessage(bool IsText, byte[] Data)
{
    public string Text => IsText ? Encoding.UTF8.GetString(Data) : throw new InvalidOperationException("a binary message has no text");
}
