namespace Hospitality.Sim.Kernel;

/// <summary>Why a run-until call returned.</summary>
public enum RunOutcome
{
    /// <summary>Virtual time reached the limit.</summary>
    TimeLimit,

    /// <summary>The condition became true.</summary>
    ConditionMet,

    /// <summary>Nothing was left to run and no event was scheduled.</summary>
    Quiescent,
}
