using Hospitality.Sync.Signaling;

namespace Hospitality.Sync.Tests.Signaling;

/// <summary>A device joined to a signaling room, with everything the server sent it after the peer list, in order.</summary>
public sealed class JoinedDevice
{
    public JoinedDevice(SignalingClient client)
    {
        Client = client;
        client.PeerJoined += peer => Received.Add(new PeerJoinedMessage(peer));
        client.PeerLeft += peer => Received.Add(new PeerLeftMessage(peer));
        client.Signal += Received.Add;
        client.Error += Received.Add;
        client.StatsReceived += stats => Received.Add(new StatsMessage(stats));
    }

    public SignalingClient Client { get; }

    public List<SignalMessage> Received { get; } = [];

    public IEnumerable<string> ErrorCodes => Received.OfType<SignalErrorMessage>().Select(error => error.Code);
}
