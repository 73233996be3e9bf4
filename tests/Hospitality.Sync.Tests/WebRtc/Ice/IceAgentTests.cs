using System.Net;
using System.Text;
using Hospitality.Sync.Tests.WebRtc.Stun;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.Tests.WebRtc.Ice;

public sealed class IceAgentTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Agents_with_each_others_host_candidates_select_the_same_path()
    {
        var link = new IceLink();
        var states = new List<IceConnectionState>();
        link.A.StateChanged += states.Add;

        link.Signal();

        Assert.True(link.RunUntil(() => Connected(link), Minute));
        Assert.Equal((IceLink.AddressA, IceLink.AddressB), (link.A.SelectedPair!.Local, link.A.SelectedPair.Remote));
        Assert.Equal((IceLink.AddressB, IceLink.AddressA), (link.B.SelectedPair!.Local, link.B.SelectedPair.Remote));
        Assert.True(link.A.SelectedPair.Nominated && link.B.SelectedPair.Nominated);
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected], states);
    }

    [Fact]
    public void Checks_carry_the_ice_attributes_chromium_expects()
    {
        var link = new IceLink();
        link.Signal();
        link.RunUntil(() => Connected(link), Minute);

        var request = StunMessage.Decode(link.Sent.First(s => s.From.Equals(IceLink.AddressA)).Bytes);

        Assert.Equal(StunMessageType.BindingRequest, request.Type);
        Assert.Equal(link.CredentialsB.Ufrag + ":" + link.CredentialsA.Ufrag, request.Username);
        Assert.Equal(link.A.TieBreaker, request.IceControlling);
        Assert.NotNull(request.Priority);
        Assert.True(request.HasFingerprint);
        Assert.True(request.VerifyMessageIntegrity(StunMessage.ShortTermKey(link.CredentialsB.Password)));
        var nomination = link.Sent.Select(s => StunMessage.Decode(s.Bytes)).Where(m => m.UseCandidate).ToList();
        Assert.NotEmpty(nomination);
        Assert.All(nomination, m => Assert.NotNull(m.IceControlling));
    }

    [Fact]
    public void A_peer_known_only_by_an_mdns_name_is_reached_as_peer_reflexive()
    {
        var link = new IceLink(IceRole.Controlled, IceRole.Controlling);
        link.A.SetRemoteCredentials(link.CredentialsB);
        link.B.SetRemoteCredentials(link.CredentialsA);
        link.A.AddRemoteCandidate(link.HostB);

        // Chromium's offer names its host as <uuid>.local, which this agent does not resolve.
        var hidden = link.HostA with { Address = "5f0a3c2e-8d1b-4e6f-9a0b-2c4d6e8f0a1b.local" };
        Assert.False(link.B.AddRemoteCandidate(hidden));

        Assert.True(link.RunUntil(() => Connected(link), Minute));
        var learned = Assert.Single(link.B.RemoteCandidates);
        Assert.Equal(IceCandidateType.PeerReflexive, learned.Type);
        Assert.Equal(IceLink.AddressA, link.B.SelectedPair!.Remote);
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public void A_role_conflict_is_settled_and_the_agents_connect(IceRole both)
    {
        var link = new IceLink(both, both);

        link.Signal();

        Assert.True(link.RunUntil(() => Connected(link), Minute));
        Assert.NotEqual(link.A.Role, link.B.Role);
        var winner = link.A.TieBreaker >= link.B.TieBreaker ? link.A : link.B;
        if (both == IceRole.Controlling)
        {
            Assert.Equal(IceRole.Controlling, winner.Role);
        }

        Assert.Contains(link.Sent, s => StunMessage.Decode(s.Bytes).ErrorCode?.Code == 487);
    }

    [Fact]
    public void Lost_checks_are_retransmitted()
    {
        var link = new IceLink();
        var dropped = 0;
        link.Drop = (_, _, _) => dropped++ < 4;

        link.Signal();

        Assert.True(link.RunUntil(() => Connected(link), Minute));
        Assert.True(link.Elapsed >= TimeSpan.FromMilliseconds(500), "connected before any retransmission could have happened");
    }

    [Fact]
    public void Checks_to_several_candidates_are_paced_by_ta()
    {
        var link = new IceLink();
        link.A.SetRemoteCredentials(link.CredentialsB);
        for (var i = 0; i < 4; i++)
        {
            link.A.AddRemoteCandidate(link.HostB with { Address = "10.9.9." + (i + 1), Priority = link.HostB.Priority + 1 });
        }

        link.RunFor(TimeSpan.FromMilliseconds(400));

        var firstSends = link.Sent.Where(s => s.From.Equals(IceLink.AddressA)).GroupBy(s => s.To).Select(g => g.First().At).Order().ToList();
        Assert.Equal(4, firstSends.Count);
        Assert.All(firstSends.Zip(firstSends.Skip(1)), gap => Assert.True(gap.Second - gap.First >= TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void Checks_with_the_wrong_password_are_ignored_and_checking_fails()
    {
        var link = new IceLink();
        link.A.SetRemoteCredentials(new IceCredentials(link.CredentialsB.Ufrag, "wrongwrongwrongwrongwrong"));
        link.B.SetRemoteCredentials(new IceCredentials(link.CredentialsA.Ufrag, "alsowrongalsowrongalsowrong"));
        link.A.AddRemoteCandidate(link.HostB);
        link.B.AddRemoteCandidate(link.HostA);

        // Seven transmissions 0.5, 1, 2, 4, 8 and 16 s apart, then 8 s for the last answer: 39.5 s.
        link.RunFor(TimeSpan.FromSeconds(39));
        Assert.Equal(IceConnectionState.Checking, link.A.State);
        link.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal(IceConnectionState.Failed, link.A.State);
        Assert.Equal(IceConnectionState.Failed, link.B.State);
        Assert.DoesNotContain(link.Sent, s => StunMessage.Decode(s.Bytes).Type.Class == StunClass.SuccessResponse);
    }

    [Fact]
    public void Consent_lapses_to_disconnected_then_failed_when_the_peer_goes_silent()
    {
        var link = new IceLink();
        link.Signal();
        link.RunUntil(() => Connected(link), Minute);
        var states = new List<(IceConnectionState State, TimeSpan At)>();
        var silentFrom = link.Elapsed;
        link.A.StateChanged += s => states.Add((s, link.Elapsed - silentFrom));

        link.Drop = (_, _, _) => true;
        link.RunFor(TimeSpan.FromSeconds(40));

        Assert.Equal([IceConnectionState.Disconnected, IceConnectionState.Failed], states.Select(s => s.State));
        Assert.InRange(states[0].At, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(22));
        Assert.InRange(states[1].At, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(37));
        Assert.Null(link.A.SelectedPair);
    }

    [Fact]
    public void Consent_responses_keep_the_pair_connected()
    {
        var link = new IceLink();
        link.Signal();
        link.RunUntil(() => Connected(link), Minute);

        link.RunFor(TimeSpan.FromMinutes(2));

        Assert.True(Connected(link));
        Assert.True(link.Sent.Count(s => s.At > TimeSpan.FromSeconds(60)) > 10, "no consent checks after the first minute");
    }

    [Fact]
    public void A_request_with_an_unknown_required_attribute_gets_a_420_naming_it()
    {
        var link = new IceLink();
        link.Signal();
        var request = StunBytes.WithIntegrity(StunBytes.Message(0x0001,
            StunBytes.Attribute(0x0006, Encoding.ASCII.GetBytes(link.CredentialsA.Ufrag + ":" + link.CredentialsB.Ufrag)),
            StunBytes.Attribute(0x0031, 1, 2, 3, 4)), StunMessage.ShortTermKey(link.CredentialsA.Password));

        link.A.HandleStun(request, IceLink.AddressA, IceLink.AddressB);

        var reply = StunMessage.Decode(link.Sent.Last().Bytes);
        Assert.Equal(420, reply.ErrorCode?.Code);
        Assert.Equal([(ushort)0x0031], reply.UnknownAttributes);
    }

    [Fact]
    public void A_success_response_answers_with_the_senders_address_under_our_password()
    {
        var link = new IceLink();
        link.Signal();
        var request = new StunMessage
        {
            Type = StunMessageType.BindingRequest,
            TransactionId = new StunTransactionId(1, 2),
            Username = link.CredentialsA.Ufrag + ":" + link.CredentialsB.Ufrag,
            IceControlled = 1,
            Priority = 100,
        }.Encode(StunMessage.ShortTermKey(link.CredentialsA.Password));
        var from = new IPEndPoint(IPAddress.Parse("192.168.1.99"), 40000);

        link.A.HandleStun(request, IceLink.AddressA, from);

        var reply = StunMessage.Decode(link.Sent.Last().Bytes);
        Assert.Equal(StunMessageType.BindingSuccess, reply.Type);
        Assert.Equal(from, reply.XorMappedAddress);
        Assert.True(reply.VerifyMessageIntegrity(StunMessage.ShortTermKey(link.CredentialsA.Password)));
        Assert.Contains(link.A.RemoteCandidates, c => c.Type == IceCandidateType.PeerReflexive && c.Priority == 100);
    }

    [Fact]
    public void Requests_for_another_ufrag_are_ignored()
    {
        var link = new IceLink();
        link.Signal();
        var request = new StunMessage
        {
            Type = StunMessageType.BindingRequest,
            TransactionId = new StunTransactionId(1, 2),
            Username = "someoneelse:" + link.CredentialsB.Ufrag,
        }.Encode(StunMessage.ShortTermKey(link.CredentialsA.Password));
        var before = link.Sent.Count;

        link.A.HandleStun(request, IceLink.AddressA, IceLink.AddressB);

        Assert.Equal(before, link.Sent.Count);
    }

    private static bool Connected(IceLink link) =>
        link.A.State == IceConnectionState.Connected && link.B.State == IceConnectionState.Connected;
}
