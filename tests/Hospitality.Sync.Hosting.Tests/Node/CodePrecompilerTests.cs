using Hospitality.Sync.Node.Configuration;
using Hospitality.Sync.Node.Startup;
using Microsoft.Extensions.Configuration;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>hotel-node's Node:Precompile: off by default, and when on, every method with a body of the node's own assemblies compiles before it serves.</summary>
public sealed class CodePrecompilerTests
{
    [Fact]
    public void Every_method_with_a_body_of_the_nodes_own_assemblies_compiles()
    {
        var (compiled, failed) = CodePrecompiler.Run(AppContext.BaseDirectory);

        // The engine and hotel-node alone hold thousands of methods; the SQLite provider's compile as well.
        Assert.True(compiled > 3_000, $"only {compiled} methods compiled");
        Assert.Equal(0, failed);
    }

    [Fact]
    public void Precompiling_is_off_by_default_and_on_when_asked()
    {
        Assert.False(Read([]).Precompile);
        Assert.True(Read(new() { ["Node:Precompile"] = "true" }).Precompile);
    }

    private static NodeSettings Read(Dictionary<string, string?> values)
    {
        values.TryAdd("Node:NodeId", "device-1");
        values.TryAdd("Node:Role", "device");
        values.TryAdd("Node:Greengrass", "127.0.0.1:8000");
        return NodeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).Settings!;
    }
}
