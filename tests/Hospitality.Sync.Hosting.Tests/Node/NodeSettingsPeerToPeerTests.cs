using System.Net;
using Hospitality.Sync.Node.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>hotel-node's Node:P2P and Node:PeerAddress: off by default, devices only, checked before anything starts.</summary>
public sealed class NodeSettingsPeerToPeerTests
{
    [Fact]
    public void P2P_is_off_by_default_and_a_device_with_it_gathers_on_its_listen_address_unless_a_peer_address_is_given()
    {
        var (off, _) = Read(new() { ["Node:Role"] = "device", ["Node:Cloud"] = "127.0.0.1:8001" });
        var (on, _) = Read(new() { ["Node:Role"] = "device", ["Node:Cloud"] = "127.0.0.1:8001", ["Node:P2P"] = "true", ["Node:Listen"] = "10.0.0.7" });
        var (wildcard, _) = Read(new() { ["Node:Role"] = "device", ["Node:Cloud"] = "127.0.0.1:8001", ["Node:P2P"] = "True", ["Node:Listen"] = "0.0.0.0", ["Node:PeerAddress"] = "192.168.1.20" });

        Assert.False(off!.PeerToPeer);
        Assert.True(on!.PeerToPeer);
        Assert.Null(on.PeerAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), on.Listen);
        Assert.True(wildcard!.PeerToPeer);
        Assert.Equal(IPAddress.Parse("192.168.1.20"), wildcard.PeerAddress);
    }

    [Theory]
    [InlineData("cloud", "true", "127.0.0.1", "", "Node:P2P: only a device links to its peers")]
    [InlineData("greengrass", "true", "127.0.0.1", "", "Node:P2P: only a device links to its peers")]
    [InlineData("device", "yes", "127.0.0.1", "", "Node:P2P 'yes': true or false")]
    [InlineData("device", "true", "127.0.0.1", "tablet.local", "Node:PeerAddress 'tablet.local': an IP address")]
    [InlineData("device", "true", "0.0.0.0", "", "Node:PeerAddress: a device with P2P that listens on 0.0.0.0 must name the address")]
    public void A_bad_p2p_setting_is_refused_with_its_key(string role, string p2p, string listen, string peerAddress, string error)
    {
        var (settings, errors) = Read(new()
        {
            ["Node:Role"] = role,
            ["Node:Cloud"] = "127.0.0.1:8001",
            ["Node:P2P"] = p2p,
            ["Node:Listen"] = listen,
            ["Node:PeerAddress"] = peerAddress,
        });

        Assert.Null(settings);
        Assert.Contains(errors, e => e.StartsWith(error, StringComparison.Ordinal));
    }

    private static (NodeSettings? Settings, IReadOnlyList<string> Errors) Read(Dictionary<string, string?> values)
    {
        values.TryAdd("Node:NodeId", "tablet-1");
        return NodeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
