namespace Hospitality.Sync.Signaling;

/// <summary>What one device's signaling put on the wire and took off it, over either path (frames, not headers).</summary>
public sealed class SignalingTraffic
{
    public long MessagesSent { get; internal set; }

    public long MessagesReceived { get; internal set; }

    public long BytesSent { get; internal set; }

    public long BytesReceived { get; internal set; }

    internal void Sent(int bytes)
    {
        MessagesSent++;
        BytesSent += bytes;
    }

    internal void Received(int bytes)
    {
        MessagesReceived++;
        BytesReceived += bytes;
    }
}
