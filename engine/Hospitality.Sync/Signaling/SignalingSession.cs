using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Signaling;

/// <summary>One device's connection to the signaling server: who it is, what waits to be sent to it, its rate budget.</summary>
internal sealed class SignalingSession(IMessageConnection connection, long startTimestamp, int burst)
{
    public IMessageConnection Connection { get; } = connection;

    public string PropertyId { get; set; } = "";

    public string DeviceId { get; set; } = "";

    public bool HasJoined => DeviceId.Length > 0;

    /// <summary>Encoded messages waiting for the writer, oldest first.</summary>
    public Queue<byte[]> Outgoing { get; } = new();

    public Signal Wake { get; } = new();

    /// <summary>Set once the session is to end: the writer sends what is queued, then closes.</summary>
    public bool Ending { get; set; }

    /// <summary>Cancels the reader once the writer has closed the connection.</summary>
    public CancellationTokenSource Reading { get; } = new();

    public double Tokens { get; set; } = burst;

    public long TokensAtTimestamp { get; set; } = startTimestamp;

    /// <summary>
    /// What the server and a device's direct listener check before reading a message: its size, this
    /// session's rate and its syntax. A null message is refused, with the code and text to send back.
    /// </summary>
    public (SignalMessage? Message, string Code, string Error) Screen(ReadOnlyMemory<byte> frame, TimeProvider time, SignalingServerOptions limits, string receiver)
    {
        if (frame.Length > limits.MaxMessageBytes)
        {
            return (null, SignalErrorCodes.TooLarge, $"the message is {frame.Length} bytes; {receiver} accepts at most {limits.MaxMessageBytes}");
        }

        if (!TryTakeToken(time, limits))
        {
            return (null, SignalErrorCodes.RateLimited, $"more than {limits.MessagesPerSecond:0.##} messages per second (burst {limits.MessageBurst}); the message was dropped");
        }

        var decoded = SignalCodec.Decode(frame);
        return decoded.IsSuccess ? (decoded.Message, "", "") : (null, SignalErrorCodes.Malformed, decoded.Error!);
    }

    /// <summary>Takes one message from the session's token bucket; false when it sent faster than the rate and burst allow.</summary>
    public bool TryTakeToken(TimeProvider time, SignalingServerOptions options)
    {
        var now = time.GetTimestamp();
        var elapsedSeconds = time.GetElapsedTime(TokensAtTimestamp, now).TotalSeconds;
        TokensAtTimestamp = now;
        Tokens = Math.Min(options.MessageBurst, Tokens + (elapsedSeconds * options.MessagesPerSecond));
        if (Tokens < 1)
        {
            return false;
        }

        Tokens--;
        return true;
    }

    /// <summary>
    /// An offer, answer or candidate to pass on: its recipient, and the message with this session's device
    /// as its sender, whatever the sender claimed. Null for any other message.
    /// </summary>
    public (string To, SignalMessage Message)? Addressed(SignalMessage message) => message switch
    {
        OfferMessage offer => (offer.To, offer with { From = DeviceId }),
        AnswerMessage answer => (answer.To, answer with { From = DeviceId }),
        IceCandidateMessage candidate => (candidate.To, candidate with { From = DeviceId }),
        _ => null,
    };

    /// <summary>
    /// Queues <paramref name="message"/> for the writer and returns its frame's length, or 0 when dropped: an
    /// ending session takes only errors, and one that does not read past <paramref name="maxQueued"/> is cut,
    /// so a device cannot make its receiver hold messages without bound.
    /// </summary>
    public int Enqueue(SignalMessage message, int maxQueued)
    {
        if (Ending && message is not SignalErrorMessage)
        {
            return 0;
        }

        if (Outgoing.Count >= maxQueued)
        {
            Outgoing.Clear();
            Connection.Abort();
            return 0;
        }

        var frame = SignalCodec.Encode(message);
        Outgoing.Enqueue(frame);
        Wake.Set();
        return frame.Length;
    }

    /// <summary>Lets the writer send what is queued (the refusal last), then close the connection.</summary>
    public void End()
    {
        Ending = true;
        Wake.Set();
    }
}
