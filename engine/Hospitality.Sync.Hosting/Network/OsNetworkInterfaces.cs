using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Network;

/// <summary>
/// <see cref="INetworkInterfaces"/> for one interface the caller chose, read from Linux: the kind of
/// link from <c>/sys/class/net/&lt;name&gt;</c> (a <c>wireless</c> directory is Wi-Fi; PPP, raw-IP and
/// wwan/rmnet modems are cellular; anything else wired), the IPv4 address from the OS, offline while
/// the link is down or has no address. The network name is the interface's (reading the SSID needs
/// nl80211, which .NET does not reach).
/// </summary>
public sealed class OsNetworkInterfaces : INetworkInterfaces, IDisposable
{
    /// <summary>ARPHRD_* values of <c>/sys/class/net/&lt;name&gt;/type</c> that cellular modems use.</summary>
    private static readonly int[] CellularHardwareTypes = [512 /* PPP */, 519 /* RAWIP */, 65534 /* NONE: tun-like wwan */];

    private static readonly string[] CellularNamePrefixes = ["wwan", "rmnet", "ccmni", "ppp"];

    private readonly string _interfaceName;
    private readonly string _sysClassNet;
    private readonly SynchronizationContext? _context;

    public OsNetworkInterfaces(string interfaceName, string sysClassNet = "/sys/class/net")
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        _interfaceName = interfaceName;
        _sysClassNet = sysClassNet;
        // The OS raises its notifications on its own thread; the engine hears them on the context it runs on.
        _context = SynchronizationContext.Current;
        Current = Read();
        NetworkChange.NetworkAddressChanged += OnOsChange;
        NetworkChange.NetworkAvailabilityChanged += OnOsChange;
    }

    public NetworkAttachment Current { get; private set; }

    public event Action<NetworkAttachment>? Changed;

    /// <summary>Reads the interface again and raises <see cref="Changed"/> if it differs.</summary>
    public void Refresh()
    {
        var now = Read();
        if (now != Current)
        {
            Current = now;
            Changed?.Invoke(now);
        }
    }

    public void Dispose()
    {
        NetworkChange.NetworkAddressChanged -= OnOsChange;
        NetworkChange.NetworkAvailabilityChanged -= OnOsChange;
    }

    /// <summary>The kind of link of an interface directory under <c>/sys/class/net</c>.</summary>
    public static NetworkKind KindOf(string interfaceDirectory)
    {
        var name = Path.GetFileName(interfaceDirectory.TrimEnd('/'));
        if (Directory.Exists(Path.Combine(interfaceDirectory, "wireless")) || Directory.Exists(Path.Combine(interfaceDirectory, "phy80211")))
        {
            return NetworkKind.Wifi;
        }

        var typeFile = Path.Combine(interfaceDirectory, "type");
        var hardwareType = File.Exists(typeFile) && int.TryParse(File.ReadAllText(typeFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var type) ? type : 1;
        return CellularHardwareTypes.Contains(hardwareType) || CellularNamePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))
            ? NetworkKind.Cellular
            : NetworkKind.Ethernet;
    }

    private NetworkAttachment Read()
    {
        var directory = Path.Combine(_sysClassNet, _interfaceName);
        var operstate = Path.Combine(directory, "operstate");
        if (!Directory.Exists(directory) || (File.Exists(operstate) && File.ReadAllText(operstate).Trim() == "down"))
        {
            return NetworkAttachment.Offline;
        }

        var address = NetworkInterface.GetAllNetworkInterfaces()
            .FirstOrDefault(candidate => candidate.Name == _interfaceName)?
            .GetIPProperties().UnicastAddresses
            .Select(unicast => unicast.Address)
            .FirstOrDefault(candidate => candidate.AddressFamily == AddressFamily.InterNetwork);
        return address is null ? NetworkAttachment.Offline : new NetworkAttachment(KindOf(directory), address, _interfaceName);
    }

    private void OnOsChange(object? sender, EventArgs e)
    {
        if (_context is { } context)
        {
            context.Post(static state => ((OsNetworkInterfaces)state!).Refresh(), this);
        }
        else
        {
            Refresh();
        }
    }
}
