using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Text.RegularExpressions;
using Hospitality.Sim.Network;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// A live run's links in the kernel: a hub namespace with a bridge, one namespace per node joined to it
/// by a veth pair, and a veth from the root namespace (where hsim runs) to the bridge.
/// Each node's veth sends at its profile's up rate (tbf inside the node's namespace) and receives at
/// its down rate (tbf on the hub's end); the bridge queues every packet between two nodes for its
/// path's delay (iptables NFQUEUE on the forward hook, which <see cref="PacketDelay"/> reads) and then
/// drops each direction's packets at the profile's loss rate (nftables <c>numgen random</c> on the
/// bridge's forward hook: the receiver's side, where dropping never makes a sender's <c>sendto</c> fail). Names carry hsim's process id, so runs side by
/// side do not meet and a crashed run's leftovers are found (<see cref="RemoveLeftovers"/>).
/// Everything is removed on <see cref="Dispose"/>.
/// </summary>
internal sealed partial class NetnsLinks : IDisposable
{
    /// <summary>Names of this tool's namespaces and root-namespace veths: "hsim", the owner's pid, then "-hub", "-n3" or "-r".</summary>
    private const string Prefix = "hsim";

    /// <summary>nftables' numgen draws from 0 to this less one; a loss rate is a share of it (1 in a million is the finest).</summary>
    private const int LossScale = 1_000_000;

    /// <summary>The hub's netfilter queue that every packet between two nodes waits in for its delay (<see cref="PacketDelay"/>).</summary>
    public const ushort DelayQueue = 0;

    /// <summary>The most nodes on one hub (addresses .1 to .250 of the run's /24).</summary>
    public const int MaxNodes = 250;

    /// <summary>How long one ip, tc, nft, iptables or sysctl command may take.</summary>
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(20);

    private readonly List<string> _namespaces = [];
    private readonly string _rootVeth;
    private bool _disposed;

    private NetnsLinks(int owner, IPAddress subnet)
    {
        Owner = owner;
        Subnet = subnet;
        Hub = $"{Prefix}{owner}-hub";
        _rootVeth = $"{Prefix}{owner}-r";
        RootAddress = Address(254);
    }

    /// <summary>The process whose run this is (its pid is in every name).</summary>
    public int Owner { get; }

    public string Hub { get; }

    /// <summary>The run's /24, as its network address.</summary>
    public IPAddress Subnet { get; }

    /// <summary>hsim's address on the bridge: the readiness probes come from here (its packets are not delayed).</summary>
    public IPAddress RootAddress { get; }

    /// <summary>The nodes added so far: name, namespace, address, shape.</summary>
    public List<ShapedNode> Nodes { get; } = [];

    /// <summary>Why this machine cannot shape links (the missing tool or right), or null.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "link shaping needs Linux network namespaces";
        }

        if (File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal)) is { } uid
            && uid.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries) is [_, _, var effective, ..] && effective != "0")
        {
            return "link shaping needs root (network namespaces, tc and nftables); run as root or with --shape none";
        }

        var missing = new[] { ("ip", "iproute2"), ("tc", "iproute2"), ("nft", "nftables"), ("iptables", "iptables"), ("sysctl", "procps") }.Where(tool => Which(tool.Item1) is null).ToList();
        return missing.Count == 0 ? null
            : $"link shaping needs {string.Join(" and ", missing.Select(tool => $"'{tool.Item1}' (package {tool.Item2})"))} on PATH; install them (apt-get install -y --no-install-recommends iproute2 nftables iptables procps) or run with --shape none";
    }

    /// <summary>
    /// Removes what runs of this tool left behind when they were killed before they could tidy up:
    /// namespaces and root veths named after a process that no longer runs (any processes still inside
    /// such a namespace are killed first). Returns how many namespaces went.
    /// </summary>
    public static int RemoveLeftovers(TextWriter? progress = null)
    {
        var removed = 0;
        var list = Run("ip", ["netns", "list"], check: false).Output;
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = line.Split(' ')[0];
            if (OwnerOf(name) is { } owner && !Alive(owner))
            {
                foreach (var pid in Run("ip", ["netns", "pids", name], check: false).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Run("kill", ["-KILL", pid], check: false);
                }

                Run("ip", ["netns", "delete", name], check: false);
                removed++;
            }
        }

        foreach (var line in Run("ip", ["-o", "link", "show"], check: false).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (RootVethName().Match(line) is { Success: true } veth && OwnerOf(veth.Groups[1].Value) is { } owner && !Alive(owner))
            {
                Run("ip", ["link", "delete", veth.Groups[1].Value], check: false);
            }
        }

        if (removed > 0)
        {
            progress?.WriteLine($"hsim live: removed {removed} network namespaces a killed run left behind");
        }

        return removed;
    }

    /// <summary>The namespaces of this tool on the machine now (of any run).</summary>
    public static IReadOnlyList<string> Existing(int? owner = null) =>
        Run("ip", ["netns", "list"], check: false).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => OwnerOf(name) is { } of && (owner is null || of == owner))
            .ToList();

    /// <summary>Creates the hub and hsim's veth onto it; on failure removes what it made and throws.</summary>
    /// <exception cref="ShapingException">A command failed: its command line and error.</exception>
    public static NetnsLinks Create(int owner)
    {
        var links = new NetnsLinks(owner, FreeSubnet(owner));
        try
        {
            links.Up();
            return links;
        }
        catch
        {
            links.Dispose();
            throw;
        }
    }

    /// <summary>A node's namespace, joined to the hub by a veth shaped as <paramref name="shape"/>; the node's address is returned.</summary>
    public ShapedNode Add(string name, LinkShape shape)
    {
        Invariant(Nodes.Count < MaxNodes, $"at most {MaxNodes} nodes on one hub");
        var index = Nodes.Count + 1;
        var space = $"{Prefix}{Owner}-n{index}";
        var port = $"n{index}";
        Run("ip", ["netns", "add", space]);
        _namespaces.Add(space);
        var address = Address(index);
        Run("ip", ["-n", Hub, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", space]);
        Run("ip", ["-n", Hub, "link", "set", port, "mtu", $"{shape.MtuBytes}", "master", "br0", "up"]);
        Run("ip", ["-n", space, "link", "set", "lo", "up"]);
        Run("ip", ["-n", space, "link", "set", "eth0", "mtu", $"{shape.MtuBytes}", "up"]);
        Run("ip", ["-n", space, "addr", "add", $"{address}/24", "dev", "eth0"]);

        // Up: the node's own transmit queue; down: the hub's end towards the node.
        Run("ip", ["netns", "exec", space, "tc", "qdisc", "add", "dev", "eth0", "root", .. Tbf(shape.UpBitsPerSecond, shape)]);
        Run("ip", ["netns", "exec", Hub, "tc", "qdisc", "add", "dev", port, "root", .. Tbf(shape.DownBitsPerSecond, shape)]);
        AddLoss(port, "iifname", shape.UpLossRate);
        AddLoss(port, "oifname", shape.DownLossRate);
        var node = new ShapedNode(name, space, address, shape);
        Nodes.Add(node);
        return node;
    }

    /// <summary>The command line that runs <paramref name="command"/> inside a node's namespace.</summary>
    public static IEnumerable<string> Inside(ShapedNode node) => ["ip", "netns", "exec", node.Namespace];

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var space in _namespaces.AsEnumerable().Reverse().Append(Hub))
        {
            // Whatever still runs inside goes first: a namespace outlives its name while a process holds it.
            foreach (var pid in Run("ip", ["netns", "pids", space], check: false).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Run("kill", ["-KILL", pid], check: false);
            }

            Run("ip", ["netns", "delete", space], check: false);
        }

        Run("ip", ["link", "delete", _rootVeth], check: false);
    }

    private void Up()
    {
        Run("ip", ["netns", "add", Hub]);
        Run("ip", ["-n", Hub, "link", "set", "lo", "up"]);
        Run("ip", ["-n", Hub, "link", "add", "br0", "type", "bridge"]);
        Run("ip", ["-n", Hub, "link", "set", "br0", "up"]);
        Run("ip", ["link", "add", _rootVeth, "type", "veth", "peer", "name", "root", "netns", Hub]);
        Run("ip", ["-n", Hub, "link", "set", "root", "master", "br0", "up"]);
        Run("ip", ["addr", "add", $"{RootAddress}/24", "dev", _rootVeth]);
        Run("ip", ["link", "set", _rootVeth, "up"]);
        Run("ip", ["netns", "exec", Hub, "nft", "add", "table", "bridge", "links"]);

        // After the queue (priority 0, br_netfilter's): a packet lost on the link was sent, and counted, first.
        Run("ip", ["netns", "exec", Hub, "nft", "add", "chain", "bridge", "links", "loss", "{ type filter hook forward priority 100; policy accept; }"]);

        // Every IPv4 packet between two nodes goes through iptables' FORWARD, and there to the delay's queue
        // (PacketDelay); hsim's own, to and from the root veth, goes straight on, and so does all while no delay reads the queue.
        Run("ip", ["netns", "exec", Hub, "sysctl", "-q", "-w", "net.bridge.bridge-nf-call-iptables=1"]);
        Run("ip", ["netns", "exec", Hub, "iptables", "-A", "FORWARD", "-s", $"{RootAddress}", "-j", "ACCEPT"]);
        Run("ip", ["netns", "exec", Hub, "iptables", "-A", "FORWARD", "-d", $"{RootAddress}", "-j", "ACCEPT"]);
        Run("ip", ["netns", "exec", Hub, "iptables", "-A", "FORWARD", "-j", "NFQUEUE", "--queue-num", $"{DelayQueue}", "--queue-bypass"]);
    }

    private void AddLoss(string port, string match, double lossRate)
    {
        var share = (long)Math.Round(lossRate * LossScale);
        if (share <= 0)
        {
            return;
        }

        Run("ip", ["netns", "exec", Hub, "nft", "add", "rule", "bridge", "links", "loss", match, port, "ether", "type", "ip", "numgen", "random", "mod", $"{LossScale}", "<", $"{share}", "counter", "drop"]);
    }

    /// <summary>Packets dropped for loss so far on each node's link, both ways (from the rules' counters).</summary>
    public IReadOnlyDictionary<string, long> DroppedPackets()
    {
        var dropped = new Dictionary<string, long>(StringComparer.Ordinal);
        var rules = Run("ip", ["netns", "exec", Hub, "nft", "list", "chain", "bridge", "links", "loss"], check: false).Output;
        foreach (Match rule in LossCounter().Matches(rules))
        {
            var port = rule.Groups[1].Value;
            if (Nodes.ElementAtOrDefault(int.Parse(port[1..], CultureInfo.InvariantCulture) - 1) is { } node)
            {
                dropped[node.Name] = dropped.GetValueOrDefault(node.Name) + long.Parse(rule.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return dropped;
    }

    private static string[] Tbf(long bitsPerSecond, LinkShape shape)
    {
        // A bucket of 2 ms at the rate (at least ten full frames) sends bursts at line rate, as a real
        // interface does, without letting a transfer run ahead of the rate; the limit is the profile's queue.
        var burstBytes = Math.Max(10 * (shape.MtuBytes + 14), bitsPerSecond / 8 / 500);
        var limitBytes = Math.Max(shape.QueueLimitBytes, burstBytes + shape.MtuBytes);
        return ["tbf", "rate", $"{bitsPerSecond}bit", "burst", $"{burstBytes}", "limit", $"{limitBytes}"];
    }

    private IPAddress Address(int host)
    {
        var bytes = Subnet.GetAddressBytes();
        bytes[3] = (byte)host;
        return new IPAddress(bytes);
    }

    /// <summary>A 10.x.y.0/24 that no interface of the root namespace is on, from the owner's pid.</summary>
    private static IPAddress FreeSubnet(int owner)
    {
        var taken = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(address => address.Address.GetAddressBytes())
            .Where(bytes => bytes.Length == 4 && bytes[0] == 10)
            .Select(bytes => (bytes[1], bytes[2]))
            .ToHashSet();
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var pick = (owner + (attempt * 7919)) % 20_000;
            var candidate = ((byte)(200 + (pick / 256 % 50)), (byte)(pick % 256));
            if (!taken.Contains(candidate))
            {
                return new IPAddress([10, candidate.Item1, candidate.Item2, 0]);
            }
        }

        throw new ShapingException("no free 10.200-249.x.0/24 for the run's links");
    }

    private static int? OwnerOf(string name) =>
        OwnedName().Match(name) is { Success: true } match && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private static bool Alive(int pid) => Directory.Exists($"/proc/{pid}");

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':').Append("/usr/sbin").Append("/sbin")
            .Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);

    private static void Invariant(bool holds, string what)
    {
        if (!holds)
        {
            throw new InvalidOperationException(what);
        }
    }

    /// <summary>Runs one command; with <paramref name="check"/> a failure throws with the command line and its error.</summary>
    internal static (int ExitCode, string Output) Run(string tool, IReadOnlyList<string> arguments, bool check = true)
    {
        var start = new ProcessStartInfo(Which(tool) ?? tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandLimit))
        {
            process.Kill();
            throw new ShapingException($"'{tool} {string.Join(' ', arguments)}' did not finish within {CommandLimit.TotalSeconds:0} s");
        }

        if (check && process.ExitCode != 0)
        {
            throw new ShapingException($"'{tool} {string.Join(' ', arguments)}' failed with {process.ExitCode}: {error.Result.Trim()}");
        }

        return (process.ExitCode, output.Result);
    }

    [GeneratedRegex(@"^hsim(\d+)-(hub|n\d+|r)$")]
    private static partial Regex OwnedName();

    [GeneratedRegex(@"^\d+:\s+(hsim\d+-r)[@:]")]
    private static partial Regex RootVethName();

    [GeneratedRegex(@"ifname ""(n\d+)"".*?counter packets (\d+)")]
    private static partial Regex LossCounter();
}
