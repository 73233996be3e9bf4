using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Tests.World;

public sealed class FrameLogTests
{
    [Property(MaxTest = 40)]
    public void A_run_of_any_length_keeps_at_most_the_capacity_evenly_spaced_over_the_whole_run(PositiveInt seconds, PositiveInt capacityAbove2)
    {
        var capacity = 2 + (capacityAbove2.Get % 50);
        var game = new SimulationGame(new Simulation(1), TimeSpan.FromSeconds(1), drawEvery: 2, frameCapacity: capacity);
        game.Add(new Counter());

        game.Run(TimeSpan.FromSeconds(1 + (seconds.Get % 5000)));

        var kept = game.Frames.Kept;
        Assert.InRange(kept.Count, 0, capacity);
        Assert.All(kept, frame => Assert.Equal(0, frame.Update % game.Frames.Period));
        Assert.Equal(kept.Select(frame => frame.Update), Enumerable.Range(1, kept.Count).Select(n => n * game.Frames.Period));
        if (game.Frames.Period > 2)
        {
            // Decimated: it still reaches the last period of the run, and keeps at least half its capacity.
            Assert.True(game.Updates - kept[^1].Update < game.Frames.Period);
            Assert.True(kept.Count >= capacity / 2);
        }
    }

    [Fact]
    public void Decimation_halves_the_frames_and_the_drawing_rate_once_the_log_is_full()
    {
        var game = new SimulationGame(new Simulation(1), TimeSpan.FromSeconds(1), drawEvery: 1, frameCapacity: 4);
        var counter = new Counter();
        game.Add(counter);

        game.Run(TimeSpan.FromSeconds(5));

        Assert.Equal(2, game.Frames.Period);
        Assert.Equal([2.0, 4.0], game.Frames.Series("updates").Select(sample => sample.Value));
        Assert.Equal(5, counter.Draws);

        game.Run(TimeSpan.FromSeconds(5));

        Assert.Equal(4, game.Frames.Period);
        Assert.Equal([4.0, 8.0], game.Frames.Series("updates").Select(sample => sample.Value));
        Assert.Equal(8, counter.Draws); // updates 6, 8 and 10 drew; the tenth filled the log again
    }

    [Fact]
    public void Recording_outside_a_draw_is_refused()
    {
        var frames = new FrameLog(new Simulation(1));

        var refused = Assert.Throws<InvalidOperationException>(() => frames.Record("updates", 1));

        Assert.Contains("while the game draws", refused.Message, StringComparison.Ordinal);
    }

    private sealed class Counter : IGameComponent
    {
        private int _updates;

        public int Draws { get; private set; }

        public void Initialize(SimulationGame game)
        {
        }

        public void Update(SimTime time) => _updates++;

        public void Draw(FrameLog frames)
        {
            Draws++;
            frames.Record("updates", _updates);
        }
    }
}
