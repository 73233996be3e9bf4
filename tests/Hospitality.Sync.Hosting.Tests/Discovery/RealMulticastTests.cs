using System.Net;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Tests.Discovery;

/// <summary>
/// The engine's mDNS responder and querier over real UDP multicast on 224.0.0.251:5353 on the
/// loopback interface (multicast loopback on, the interface chosen explicitly, as in production).
/// </summary>
public sealed class RealMulticastTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Our_querier_finds_our_responder_over_real_multicast_on_loopback()
    {
        SingleThreadedContext.Run(async () =>
        {
            // Unique per run: other test runs on this machine may share the loopback segment.
            var property = $"property-{CryptoRandomSource.Instance.NextUInt64():x}";
            var network = new OsNetwork(multicastInterface: IPAddress.Loopback);
            using var interfaces = new OsNetworkInterfaces("lo");
            Assert.Equal(IPAddress.Loopback, interfaces.Current.Address);
            await using var server = new MulticastDns(network, interfaces, TimeProvider.System, CryptoRandomSource.Instance, new MdnsOptions { HostName = $"gg-{property}" });
            server.Responder.Advertise(HospitalityServices.Greengrass(property, 8123));
            await using var device = new MulticastDns(network, interfaces, TimeProvider.System, CryptoRandomSource.Instance, new MdnsOptions { HostName = $"tablet-{property}" });
            var locator = new GreengrassLocator(device.Querier, property);
            var found = new TaskCompletionSource<DiscoveredService>();
            locator.Changed += service =>
            {
                if (service is not null)
                {
                    found.TrySetResult(service);
                }
            };

            await server.StartAsync(CancellationToken.None);
            await device.StartAsync(CancellationToken.None);
            var greengrass = await found.Task.WaitAsync(Patience);
            var resolved = await device.Querier.ResolveAsync(server.Responder.HostName, Patience, CancellationToken.None);

            Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8123), greengrass.EndPoint);
            Assert.Equal(property, greengrass[HospitalityServices.PropertyKey]);
            Assert.Equal(IPAddress.Loopback, resolved);
            Assert.Contains(server.Responder.State, new[] { MdnsResponderState.Announcing, MdnsResponderState.Established });
            Assert.Equal(0, device.Stats.MalformedPackets);

            var lost = new TaskCompletionSource();
            locator.Changed += service =>
            {
                if (service is null)
                {
                    lost.TrySetResult();
                }
            };
            await server.StopAsync();
            await lost.Task.WaitAsync(Patience); // the goodbye arrived over the wire
            await device.StopAsync();
        });
    }

    [Fact]
    public void Linux_link_kinds_come_from_sys_class_net()
    {
        var root = Directory.CreateTempSubdirectory("sys-class-net");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "wlan0", "wireless"));
            Write(root, "eth0", "1");
            Write(root, "wwan0", "1");
            Write(root, "ppp0", "512");
            Write(root, "lo", "772");

            Assert.Equal(NetworkKind.Wifi, OsNetworkInterfaces.KindOf(Path.Combine(root.FullName, "wlan0")));
            Assert.Equal(NetworkKind.Ethernet, OsNetworkInterfaces.KindOf(Path.Combine(root.FullName, "eth0")));
            Assert.Equal(NetworkKind.Cellular, OsNetworkInterfaces.KindOf(Path.Combine(root.FullName, "wwan0")));
            Assert.Equal(NetworkKind.Cellular, OsNetworkInterfaces.KindOf(Path.Combine(root.FullName, "ppp0")));
            Assert.Equal(NetworkKind.Ethernet, OsNetworkInterfaces.KindOf(Path.Combine(root.FullName, "lo")));
            Assert.Equal(NetworkAttachment.Offline, new OsNetworkInterfaces("absent0", root.FullName).Current);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static void Write(DirectoryInfo root, string name, string type)
    {
        Directory.CreateDirectory(Path.Combine(root.FullName, name));
        File.WriteAllText(Path.Combine(root.FullName, name, "type"), type);
    }
}
