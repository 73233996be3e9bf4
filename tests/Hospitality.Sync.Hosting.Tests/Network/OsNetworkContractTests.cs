using System.Net;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.RunLoop;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Tests.Ports;

namespace Hospitality.Sync.Hosting.Tests.Network;

/// <summary>OS sockets on loopback against the INetwork contract, run on a node's run loop as in production.</summary>
public sealed class OsNetworkContractTests : NetworkContractTests, IDisposable
{
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(30);

    private readonly NodeRunLoop _loop = new("contract");

    // Two loopback addresses stand for two machines: 127.0.0.0/8 is all loopback on Linux.
    protected override (INetwork Client, IPAddress ClientAddress, INetwork Server, IPAddress ServerAddress) TwoHosts() =>
        (OsNetwork.Instance, IPAddress.Parse("127.0.0.2"), OsNetwork.Instance, IPAddress.Loopback);

    protected override T Run<T>(Func<Task<T>> scenario)
    {
        var running = _loop.InvokeAsync(scenario);
        Assert.True(running.Wait(ScenarioTimeout), $"the scenario did not finish within {ScenarioTimeout}");
        return running.GetAwaiter().GetResult();
    }

    public void Dispose() => _loop.Dispose();
}
