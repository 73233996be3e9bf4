using System.Net;
using Hospitality.Sync.Ports;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>
/// Asks STUN servers (the seed's iceServers) what address each local base has as seen from
/// outside: a plain Binding request, retransmitted like a check (RFC 8489 section 6.2.1), whose
/// XOR-MAPPED-ADDRESS becomes a server-reflexive candidate when it differs from the base (behind a NAT).
/// </summary>
internal sealed class ServerReflexiveGatherer(IceAgentOptions options, TimeProvider time, IRandomSource random, Action<ReadOnlyMemory<byte>, IPEndPoint, IPEndPoint> transmit)
{
    private readonly List<Request> _requests = [];

    public bool IsGathering => _requests.Count > 0;

    public long? NextTimerTimestamp => _requests.Count == 0 ? null : _requests.Min(r => r.NextRetransmit);

    public void Start(IPEndPoint localBase, IPEndPoint server)
    {
        if (localBase.AddressFamily != server.AddressFamily)
        {
            return;
        }

        var id = StunTransactionId.New(random);
        var bytes = new StunMessage { Type = StunMessageType.BindingRequest, TransactionId = id }.Encode();
        _requests.Add(new Request(id, localBase, server, bytes)
        {
            Rto = options.CheckRtoInitial,
            NextRetransmit = time.GetTimestamp() + Ticks(options.CheckRtoInitial),
        });
        transmit(bytes, localBase, server);
    }

    /// <summary>
    /// Takes a response to one of our requests: returns true when it was ours, with the mapped address
    /// of its base (null if the server gave none or an error).
    /// </summary>
    public bool TryTake(StunMessage response, IPEndPoint receivedOn, IPEndPoint from, out IPEndPoint? localBase, out IPEndPoint? mapped)
    {
        localBase = mapped = null;
        var request = _requests.FirstOrDefault(r => r.Id == response.TransactionId && r.Server.Equals(from) && r.Base.Equals(receivedOn));
        if (request is null)
        {
            return false;
        }

        _requests.Remove(request);
        localBase = request.Base;
        mapped = response.Type.Class == StunClass.SuccessResponse ? response.XorMappedAddress ?? response.MappedAddress : null;
        return true;
    }

    /// <summary>Resends what is due; requests out of tries are dropped (that server gives no candidate).</summary>
    public void RetransmitDue(long now)
    {
        foreach (var request in _requests.Where(r => r.NextRetransmit <= now).ToArray())
        {
            if (request.Transmissions >= options.CheckTransmissionsMax)
            {
                _requests.Remove(request);
                continue;
            }

            transmit(request.Bytes, request.Base, request.Server);
            request.Transmissions++;
            request.Rto = request.Transmissions == options.CheckTransmissionsMax ? options.CheckRtoInitial * 16 : request.Rto * 2;
            request.NextRetransmit = now + Ticks(request.Rto);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    private sealed class Request(StunTransactionId id, IPEndPoint localBase, IPEndPoint server, byte[] bytes)
    {
        public StunTransactionId Id { get; } = id;

        public IPEndPoint Base { get; } = localBase;

        public IPEndPoint Server { get; } = server;

        public byte[] Bytes { get; } = bytes;

        public int Transmissions { get; set; } = 1;

        public TimeSpan Rto { get; set; }

        public long NextRetransmit { get; set; }
    }
}
