using Hospitality.Sync.Hosting.Tests.Replication;
using Hospitality.Sync.Node;
using Hospitality.Sync.Node.Load;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary><c>hotel-node load --signaling</c> as a user runs it: a real cloud process, peers over real WebSockets.</summary>
[Collection(LoopbackNodesCollection.Name)]
public sealed class SignalingLoadTests
{
    [Fact]
    public async Task A_small_signaling_load_relays_every_message_to_its_addressee_and_exits_0()
    {
        // Exit 0 means every message sent reached its addressed peer, none was refused and no connection dropped.
        Assert.Equal(HotelNodeApp.ExitOk, await LoadRun.RunAsync(["--signaling", "--peers", "12", "--rooms", "3", "--seconds", "2"]));
    }

    [Theory]
    [InlineData("--peers", "1")]
    [InlineData("--peers", "5001")]
    [InlineData("--rooms", "600")]
    [InlineData("--messages-per-second", "0")]
    [InlineData("--seconds", "ten")]
    public async Task Signaling_load_options_out_of_range_exit_2_before_anything_starts(string option, string value)
    {
        Assert.Equal(HotelNodeApp.ExitBadInput, await LoadRun.RunAsync(["--signaling", option, value]));
    }
}
