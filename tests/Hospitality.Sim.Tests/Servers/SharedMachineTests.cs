using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Scenarios;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Servers;

/// <summary>Every node on one machine, as hsim live runs them: their work shares its cores, their commits its disk.</summary>
public sealed class SharedMachineTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Loopback, 1);

    private static readonly ServiceTimes Times = new()
    {
        LiveFanOut = new WorkCost(TimeSpan.FromMilliseconds(2), TimeSpan.Zero),
        Disk = new DiskProfile([(0, TimeSpan.FromMilliseconds(3)), (1, TimeSpan.FromMilliseconds(3))]),
    };

    [Fact]
    public void Work_of_two_nodes_waits_for_a_core_on_one_core_and_runs_side_by_side_on_two()
    {
        Assert.Equal([Ms(2), Ms(4)], Finished(cores: 1, NodeWorkKind.LiveFanOut));
        Assert.Equal([Ms(2), Ms(2)], Finished(cores: 2, NodeWorkKind.LiveFanOut));
    }

    [Fact]
    public void Commits_of_two_nodes_take_their_processor_time_side_by_side_and_their_fsyncs_one_after_the_other()
    {
        var processor = Times.Time(NodeWorkKind.ApplyChanges, 0, new SimRandom(1)).Processor;

        Assert.Equal([processor + Ms(3), processor + Ms(6)], Finished(cores: 2, NodeWorkKind.ApplyChanges));
    }

    [Fact]
    public void A_scenario_puts_its_nodes_on_one_machine_and_refuses_a_machine_without_cores_at_its_line()
    {
        const string yaml = """
            name: one-box
            duration: 5m
            properties:
              - name: hotel
                devices:
                  - { kind: front-desk, count: 2, link: lan }
            targets: [latency.greengrass-lan]
            one-machine: { cores: 2 }
            """;

        Assert.Equal(2, ScenarioReader.Parse(yaml, "one-box.yaml").OneMachineCores);
        Assert.Null(ScenarioReader.Parse(yaml.Replace("one-machine: { cores: 2 }", "", StringComparison.Ordinal), "one-box.yaml").OneMachineCores);
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml.Replace("cores: 2", "cores: 0", StringComparison.Ordinal), "one-box.yaml")).Errors);
        Assert.Equal(8, error.Line);
        Assert.Contains("one-machine.cores", error.Message, StringComparison.Ordinal);
    }

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    // Two nodes on one machine each get one piece of work at time zero: when each finishes.
    private static TimeSpan[] Finished(int cores, NodeWorkKind kind)
    {
        var simulation = new Simulation(1);
        var machine = new SharedMachine(cores);
        var finished = new List<TimeSpan>();
        foreach (var node in new[] { "a", "b" })
        {
            var processor = new SimNodeProcessor(simulation, Times, _ => 0, node: node, machine: machine);
            simulation.Spawn(node, async () =>
            {
                await processor.RunAsync(new NodeWork(kind, 0, Peer), default);
                finished.Add(TimeSpan.FromTicks(simulation.Now.Ticks));
            });
        }

        simulation.RunUntil(SimTime.FromSeconds(1));
        return [.. finished.Order()];
    }
}
