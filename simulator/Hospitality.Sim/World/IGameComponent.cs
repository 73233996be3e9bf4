using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.World;

/// <summary>A part of the world the game drives: a device, a server, a fault schedule, a probe.</summary>
public interface IGameComponent
{
    /// <summary>Called once before the first update: start processes, open sockets, schedule events.</summary>
    void Initialize(SimulationGame game);

    /// <summary>Called every fixed step with the virtual instant of the step.</summary>
    void Update(SimTime time);

    /// <summary>
    /// Whether <see cref="Update"/> does anything: the game calls it only on components that say so. A
    /// 500-device day is 172,800 steps, and calling 504 empty updates on each was 87 M calls on cold objects.
    /// </summary>
    bool UpdatesEachStep => true;

    /// <summary>Called every <see cref="SimulationGame.DrawEvery"/> steps: record what should be charted or replayed.</summary>
    void Draw(FrameLog frames);
}
