using System.Net;
using Hospitality.Sync.Tests.WebRtc.Sctp;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.Tests.WebRtc.Ice;

/// <summary>An agent behind a NAT asks a STUN server for its public address; the server is played by the test.</summary>
public sealed class ServerReflexiveTests
{
    private static readonly IPEndPoint Base = new(IPAddress.Parse("192.168.1.10"), 50000);
    private static readonly IPEndPoint Server = new(IPAddress.Parse("203.0.113.1"), 3478);
    private static readonly IPEndPoint Public = new(IPAddress.Parse("198.51.100.7"), 61000);

    [Fact]
    public void The_mapped_address_becomes_a_server_reflexive_candidate_related_to_its_base()
    {
        var (agent, sent, clock) = Agent();
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.AddStunServer(Server);
        var request = StunMessage.Decode(sent.Single().Bytes);
        agent.HandleStun(Respond(request, Public), Base, Server);

        var candidate = Assert.Single(gathered);
        Assert.Equal(IceCandidateType.ServerReflexive, candidate.Type);
        Assert.Equal(("198.51.100.7", 61000), (candidate.Address, candidate.Port));
        Assert.Equal(("192.168.1.10", 50000), (candidate.RelatedAddress, candidate.RelatedPort));
        Assert.Null(request.Username);
        Assert.False(request.HasMessageIntegrity);
        Assert.Contains(candidate, agent.LocalCandidates);
        Assert.Null(agent.NextTimerTimestamp);
    }

    [Fact]
    public void Without_a_nat_the_server_reports_the_base_and_no_candidate_is_added()
    {
        var (agent, sent, _) = Agent();
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.AddStunServer(Server);
        agent.HandleStun(Respond(StunMessage.Decode(sent.Single().Bytes), Base), Base, Server);

        Assert.Empty(gathered);
    }

    [Fact]
    public void An_unanswered_request_is_retransmitted_then_given_up()
    {
        var (agent, sent, clock) = Agent();

        agent.AddStunServer(Server);
        while (agent.NextTimerTimestamp is { } due)
        {
            clock.AdvanceTo(due);
            agent.HandleTimers();
        }

        Assert.Equal(7, sent.Count);
        Assert.Single(sent.Select(s => Convert.ToHexString(s.Bytes)).Distinct());
    }

    [Fact]
    public void A_response_from_another_address_is_not_taken_as_the_servers()
    {
        var (agent, sent, _) = Agent();
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.AddStunServer(Server);
        agent.HandleStun(Respond(StunMessage.Decode(sent.Single().Bytes), Public), Base, new IPEndPoint(IPAddress.Parse("203.0.113.66"), 3478));

        Assert.Empty(gathered);
    }

    private static byte[] Respond(StunMessage request, IPEndPoint mapped) =>
        new StunMessage { Type = StunMessageType.BindingSuccess, TransactionId = request.TransactionId, XorMappedAddress = mapped }.Encode();

    private static (IceAgent Agent, List<(IPEndPoint To, byte[] Bytes)> Sent, ManualClock Clock) Agent()
    {
        var clock = new ManualClock();
        var sent = new List<(IPEndPoint, byte[])>();
        var agent = new IceAgent(new IceAgentOptions(), IceCredentials.Generate(new SeededRandom(1)), IceRole.Controlling, clock, new SeededRandom(2), (bytes, _, to) => sent.Add((to, bytes.ToArray())));
        agent.AddLocalHost(Base);
        return (agent, sent, clock);
    }
}
