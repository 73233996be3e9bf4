using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// A whole-chain server (the cloud) decides for each of its connections whether a change concerns
/// it; that decision allocates nothing, so what a change costs the server's heap does not grow with
/// the number of properties connected (it did: a copy of every connection and an enumerator per
/// connection, per change).
/// </summary>
public sealed class ChangeWakeAllocationTests
{
    private readonly ReplicationWorld _world = new();

    [Fact]
    public void A_change_allocates_the_same_with_ten_or_a_hundred_properties_connected()
    {
        var cloud = ReplicationWorld.NewReplica(_world.Cloud);
        _world.Serve(_world.Cloud, cloud);
        var (ten, hundred) = _world.Script(_world.Tablet, async () =>
        {
            var connections = new List<IMessageConnection>();
            async Task ConnectPropertiesAsync(int upTo)
            {
                for (var property = connections.Count + 1; property <= upTo; property++)
                {
                    var connection = await _world.Tablet.Network.ConnectAsync(ReplicationWorld.At(_world.Cloud));
                    await ReplicationWorld.AskAsync(connection, new HelloRequest(1, [], Property: $"p{property:000}"));
                    connections.Add(connection);
                }
            }

            // A moved document: the departures are asked of every connection too.
            long Allocated(string id)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                cloud.Write("rooms", id, ReplicationServerTests.Room(id, "clean", "p002", movedFrom: "p001"));
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }

            await ConnectPropertiesAsync(10);
            for (var warm = 0; warm < 20; warm++)
            {
                Allocated($"w{warm:00}");
            }

            var ten = Allocated("r01");
            await ConnectPropertiesAsync(100);
            Allocated("r02"); // the server's copy of its connections grows once, here
            var hundred = Allocated("r03");
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }

            return (ten, hundred);
        });

        // 90 more connections: before, 40 bytes each (3,600: the copy's slot, an enumerator, the departures' strings).
        // One-sided: the JIT may optimise the write path between the two measurements, which only ever allocates less.
        Assert.True(hundred - ten <= 256, $"a change allocated {hundred - ten} bytes more with 100 properties connected than with 10");
    }
}
