using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.World;

/// <summary>A part of the world the game drives: a device, a server, a fault schedule, a probe.</summary>
public interface IGameComponent
{
    /// <summary>Called once before the first update: start processes, open sockets, schedule events.</summary>
    void Initialize(SimulationGame game);

    /// <summary>Called every fixed step with the virtual instant of the step.</summary>
    void Update(SimTime time);

    /// <summary>Called every <see cref="SimulationGame.DrawEvery"/> steps: record what should be charted or replayed.</summary>
    void Draw(FrameLog frames);
}
