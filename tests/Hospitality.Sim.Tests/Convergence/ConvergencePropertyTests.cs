using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sim.Trials;

namespace Hospitality.Sim.Tests.Convergence;

// One class per profile, so xUnit runs them side by side on both cores. 1,000 generated worlds per commit
// (issue 14: P2P in the trials raised the budget from 200), weighted to what each profile costs.

/// <summary>Any world of 2-50 devices, 1-3 properties and 0-3 Greengrasses converges after its faults heal.</summary>
public sealed class ConvergencePropertyTests
{
    [Property(MaxTest = 300)]
    public Property Any_generated_world_converges_after_its_faults_heal_and_never_breaks_an_invariant() =>
        Prop.ForAll(TrialPlans.Within(TrialLimits.Default), plan => { TrialAssert.Passes(plan); });
}

/// <summary>Small hotels under many overlapping faults: the same device crashed, partitioned and skewed in one run.</summary>
public sealed class DenseFaultPropertyTests
{
    [Property(MaxTest = 350)]
    public Property Small_worlds_under_dense_overlapping_faults_converge() =>
        Prop.ForAll(TrialPlans.Within(TrialLimits.Named("dense")), plan => { TrialAssert.Passes(plan); });
}

/// <summary>The largest generated worlds, where fan-out and shared Wi-Fi matter most.</summary>
public sealed class LargeWorldPropertyTests
{
    [Property(MaxTest = 40)]
    public Property Worlds_of_30_to_50_devices_converge_after_faults_heal() =>
        Prop.ForAll(TrialPlans.Within(TrialLimits.Named("large")), plan => { TrialAssert.Passes(plan); });
}

/// <summary>Stores on real SQLite files (WAL), losing power between statements and around commits, keep every acknowledged write.</summary>
public sealed class TransactionCrashPropertyTests
{
    [Property(MaxTest = 100)]
    public Property Worlds_whose_stores_lose_power_inside_transactions_converge_and_keep_acknowledged_writes() =>
        Prop.ForAll(TrialPlans.Within(TrialLimits.Named("files")), plan => { TrialAssert.Passes(plan); });
}

/// <summary>Hundreds to thousands of rooms in bursts larger than a pull page and a live-stream page.</summary>
public sealed class PagingPropertyTests
{
    [Property(MaxTest = 6)]
    public Property Bursts_that_overflow_pull_and_stream_pages_converge() =>
        Prop.ForAll(TrialPlans.Within(TrialLimits.Named("paging")), plan => { TrialAssert.Passes(plan); });
}

/// <summary>Small hotels that all run P2P, their mesh split, their signaling servers crashed and their tablets restarted.</summary>
public sealed class PeerMeshPropertyTests
{
    [Property(MaxTest = 204)]
    public Property P2p_worlds_converge_through_mesh_splits_signaling_crashes_and_peer_restarts() =>
        Prop.ForAll(TrialPlans.Within(TrialLimits.Named("p2p")), plan => { TrialAssert.Passes(plan); });
}
