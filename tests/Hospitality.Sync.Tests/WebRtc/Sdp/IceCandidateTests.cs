using System.Net;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.Tests.WebRtc.Sdp;

public sealed class IceCandidateTests
{
    [Theory]
    [InlineData("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host")]
    [InlineData("candidate:842163049 1 udp 1677729535 203.0.113.7 61234 typ srflx raddr 10.0.0.2 rport 5000 generation 0 network-cost 999")]
    [InlineData("candidate:3 1 udp 1845501695 198.51.100.9 40000 typ prflx raddr 0.0.0.0 rport 0")]
    [InlineData("candidate:4 1 udp 16777215 2001:db8::1 3478 typ relay raddr 2001:db8::2 rport 9")]
    [InlineData("candidate:a+/Z 1 tcp 1518280447 192.168.1.4 9 typ host tcptype active generation 0")]
    public void Candidate_lines_read_back_as_written(string line)
    {
        var candidate = IceCandidate.Parse(line);

        Assert.Equal(line, candidate.ToString());
        Assert.Equal(candidate, IceCandidate.Parse("a=" + line));
    }

    [Fact]
    public void A_trickled_candidate_without_the_prefix_parses()
    {
        var candidate = IceCandidate.Parse("1 1 UDP 2122252543 192.168.1.5 52301 typ host");

        Assert.Equal("udp", candidate.Transport);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.5"), 52301), new IPEndPoint(candidate.IpAddress!, candidate.Port));
    }

    [Theory]
    [InlineData("candidate:1 1 udp 2130706431 127.0.0.1 50000 host", "at least 8")]
    [InlineData("candidate:1 0 udp 2130706431 127.0.0.1 50000 typ host", "component '0'")]
    [InlineData("candidate:1 1 udp 4294967296 127.0.0.1 50000 typ host", "priority '4294967296'")]
    [InlineData("candidate:1 1 udp 1 127.0.0.1 65536 typ host", "port '65536'")]
    [InlineData("candidate:1 1 udp 1 127.0.0.1 5 type host", "where 'typ' belongs")]
    [InlineData("candidate:1 1 udp 1 127.0.0.1 5 typ host generation", "has no value")]
    [InlineData("candidate:1 1 udp 1 bad/host 5 typ host", "neither an IP address nor a host name")]
    [InlineData("candidate:f-o 1 udp 1 127.0.0.1 5 typ host", "foundation 'f-o'")]
    [InlineData("candidate:1 1 udp 1 127.0.0.1 5 typ srflx rport x", "rport 'x'")]
    public void Malformed_candidates_are_refused_with_the_field_named(string line, string reason)
    {
        Assert.Contains(reason, Assert.Throws<SdpFormatException>(() => IceCandidate.Parse(line)).Message);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("5f0a3c2e-8d1b-4e6f-9a0b-2c4d6e8f0a1b.local", false)]
    [InlineData("1.2", false)]
    [InlineData("12345", false)]
    public void Only_ip_literals_count_as_addresses(string address, bool isIp)
    {
        var candidate = new IceCandidate { Foundation = "1", Priority = 1, Address = address, Port = 1, Type = IceCandidateType.Host };

        Assert.Equal(isIp, candidate.IpAddress is not null);
    }
}
