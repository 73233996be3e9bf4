using System.Text.RegularExpressions;
using Hospitality.Sim.Tests.Convergence;
using Hospitality.Sim.Trials;

namespace Hospitality.Sim.Tests.Cli;

public sealed partial class CheckCommandTests
{
    public static TheoryData<string> Profiles => [.. TrialLimits.Profiles.Keys];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_failure_prints_a_check_command_that_rebuilds_the_same_world(string profile)
    {
        foreach (var limits in new[] { TrialLimits.Named(profile), TrialLimits.Named(profile, maxDevices: 3) })
        {
            for (var seed = 1UL; seed <= 5; seed++)
            {
                var plan = TrialPlanGenerator.Generate(seed, limits);
                var message = new TrialFailedException(new TrialResult(plan, ["planted"], [], null, 0, 0, "", []), "plan.json").Message;

                Assert.Equal(plan.ToJson(), Rebuild(message).ToJson());
            }
        }
    }

    [Fact]
    public void Hsim_check_with_the_printed_profile_runs_the_world_the_test_generated()
    {
        var plan = TrialPlanGenerator.Generate(4, TrialLimits.Named("dense"));

        var (exit, output, _) = Hsim.Run(AppContext.BaseDirectory, "check", "--seeds", "4", "--profile", "dense");

        Assert.Equal(0, exit);
        Assert.StartsWith(plan.Describe(), output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_profile_is_refused_with_the_names_allowed_and_exit_code_2()
    {
        var (exit, _, errors) = Hsim.Run(AppContext.BaseDirectory, "check", "--seeds", "1", "--profile", "huge");

        Assert.Equal(2, exit);
        Assert.Contains("default, dense, large, files, paging", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_that_are_no_profile_cannot_print_a_command_and_say_so()
    {
        var bespoke = TrialLimits.Default with { MaxWrites = 7 };

        Assert.Contains("add a profile", Assert.Throws<InvalidOperationException>(() => bespoke.Arguments).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_plan_with_file_stores_and_transaction_crashes_replays_the_same_trace()
    {
        var plan = TrialPlanGenerator.Generate(1, TrialLimits.Named("files"));
        Assert.NotEmpty(plan.FileStores);
        Assert.Contains(plan.Faults, fault => fault.Kind == FaultKind.TransactionCrash);

        var replayed = Trial.Run(TrialPlan.FromJson(plan.ToJson()));

        Assert.Equal(Trial.Run(plan).TraceHash, replayed.TraceHash);
    }

    private static TrialPlan Rebuild(string failure)
    {
        var command = CheckArguments().Match(failure);
        Assert.True(command.Success, failure);
        var maxDevices = command.Groups["devices"].Success ? int.Parse(command.Groups["devices"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        return TrialPlanGenerator.Generate(ulong.Parse(command.Groups["seed"].Value, System.Globalization.CultureInfo.InvariantCulture), TrialLimits.Named(command.Groups["profile"].Value, maxDevices));
    }

    [GeneratedRegex(@"-- check --seeds (?<seed>\d+) --profile (?<profile>[a-z0-9-]+)(?: --max-devices (?<devices>\d+))?\r?$", RegexOptions.Multiline)]
    private static partial Regex CheckArguments();
}
