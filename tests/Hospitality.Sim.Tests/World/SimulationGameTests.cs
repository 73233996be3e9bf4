using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Tests.World;

public sealed class SimulationGameTests
{
    [Fact]
    public void Updates_run_at_a_fixed_step_and_draws_every_nth_update()
    {
        var simulation = new Simulation(1);
        var game = new SimulationGame(simulation, TimeSpan.FromMilliseconds(100), drawEvery: 5);
        var probe = new Probe();
        game.Add(probe);

        game.Run(TimeSpan.FromSeconds(2));

        Assert.Equal(1, probe.Initialized);
        Assert.Equal(20, probe.Updates.Count);
        Assert.Equal(SimTime.FromMilliseconds(100), probe.Updates[0]);
        Assert.Equal(SimTime.FromSeconds(2), probe.Updates[^1]);
        Assert.Equal(4, game.Frames.Frames);
        Assert.Equal([5.0, 10.0, 15.0, 20.0], game.Frames.Series("updates").Select(sample => sample.Value));
    }

    [Fact]
    public void A_component_that_does_not_update_each_step_is_initialized_and_drawn_but_never_updated()
    {
        var simulation = new Simulation(1);
        var game = new SimulationGame(simulation, TimeSpan.FromMilliseconds(100), drawEvery: 5);
        var still = new Probe { UpdatesEachStep = false };
        var moving = new Probe();
        game.Add(still);
        game.Add(moving);

        game.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(1, still.Initialized);
        Assert.Empty(still.Updates);
        Assert.Equal(10, moving.Updates.Count);
        Assert.Equal(2, still.Draws);
    }

    [Fact]
    public void Discrete_events_between_steps_fire_at_their_exact_instants()
    {
        var simulation = new Simulation(1);
        var game = new SimulationGame(simulation, TimeSpan.FromSeconds(1));
        var probe = new Probe();
        game.Add(probe);
        SimTime? firedAt = null;
        simulation.At(SimTime.FromMilliseconds(1234.5), () => firedAt = simulation.Now);
        SimTime? delayedTo = null;
        simulation.Spawn("sleeper", async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(2718), simulation.Clock);
            delayedTo = simulation.Now;
        });

        game.Run(TimeSpan.FromSeconds(5));

        Assert.Equal(SimTime.FromMilliseconds(1234.5), firedAt);
        Assert.Equal(SimTime.FromMilliseconds(2718), delayedTo);
        Assert.Equal(5, probe.Updates.Count);
    }

    [Fact]
    public void Async_work_started_by_an_update_stays_on_the_kernel()
    {
        var simulation = new Simulation(1);
        var game = new SimulationGame(simulation, TimeSpan.FromSeconds(1));
        var probe = new Probe { StartAsyncWork = true };
        game.Add(probe);

        game.Run(TimeSpan.FromSeconds(3.6));

        Assert.Equal(3, probe.AsyncCompletions.Count);
        Assert.All(probe.AsyncCompletions, time => Assert.Equal(TimeSpan.FromMilliseconds(500), time - SimTime.FromSeconds(Math.Floor(time.TotalSeconds))));
    }

    private sealed class Probe : IGameComponent
    {
        private SimulationGame? _game;

        public int Initialized { get; private set; }

        public List<SimTime> Updates { get; } = [];

        public List<SimTime> AsyncCompletions { get; } = [];

        public bool StartAsyncWork { get; init; }

        public bool UpdatesEachStep { get; init; } = true;

        public int Draws { get; private set; }

        public void Initialize(SimulationGame game)
        {
            _game = game;
            Initialized++;
        }

        public void Update(SimTime time)
        {
            Updates.Add(time);
            if (StartAsyncWork)
            {
                _ = WorkAsync();
            }
        }

        public void Draw(FrameLog frames)
        {
            Draws++;
            frames.Record("updates", Updates.Count);
        }

        private async Task WorkAsync()
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), _game!.Simulation.Clock);
            AsyncCompletions.Add(_game.Simulation.Now);
        }
    }
}
