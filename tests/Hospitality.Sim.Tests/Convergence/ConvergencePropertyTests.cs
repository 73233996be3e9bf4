using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sim.Trials;

namespace Hospitality.Sim.Tests.Convergence;

// Three classes, so xUnit runs them side by side on both cores. 200 generated worlds per commit.

/// <summary>Any world of 2-50 devices, 1-3 properties and 0-3 Greengrasses converges after its faults heal.</summary>
public sealed class ConvergencePropertyTests
{
    [Property(MaxTest = 100)]
    public Property Any_generated_world_converges_after_its_faults_heal_and_never_breaks_an_invariant() =>
        Prop.ForAll(TrialPlans.Within(TrialLimits.Default), plan => { TrialAssert.Passes(plan); });
}

/// <summary>Small hotels under many overlapping faults: the same device crashed, partitioned and skewed in one run.</summary>
public sealed class DenseFaultPropertyTests
{
    private static readonly TrialLimits Limits = TrialLimits.Default with { MaxDevices = 6, MaxFaults = 14, MaxWrites = 80 };

    [Property(MaxTest = 70)]
    public Property Small_worlds_under_dense_overlapping_faults_converge() =>
        Prop.ForAll(TrialPlans.Within(Limits), plan => { TrialAssert.Passes(plan); });
}

/// <summary>The largest generated worlds, where fan-out and shared Wi-Fi matter most.</summary>
public sealed class LargeWorldPropertyTests
{
    private static readonly TrialLimits Limits = TrialLimits.Default with { MinDevices = 30, MaxDevices = 50 };

    [Property(MaxTest = 30)]
    public Property Worlds_of_30_to_50_devices_converge_after_faults_heal() =>
        Prop.ForAll(TrialPlans.Within(Limits), plan => { TrialAssert.Passes(plan); });
}
