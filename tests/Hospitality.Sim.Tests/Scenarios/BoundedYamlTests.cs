using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Scenarios;

public sealed class BoundedYamlTests
{
    [Fact]
    public void Nesting_up_to_the_limit_loads_and_one_level_more_is_refused_at_its_place()
    {
        var deepest = new string('[', BoundedYaml.DepthMax) + new string(']', BoundedYaml.DepthMax);
        var tooDeep = new string('[', BoundedYaml.DepthMax + 1) + new string(']', BoundedYaml.DepthMax + 1);

        BoundedYaml.Load(deepest, "deep.yaml");
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => BoundedYaml.Load(tooDeep, "deep.yaml")).Errors);

        Assert.Equal((1L, BoundedYaml.DepthMax + 1L), (error.Line, error.Column));
        Assert.Contains("nested more than 64 levels deep", error.Message);
    }

    /// <summary>Aliases count as the values they stand for: ten copies of ten copies of ... (111,111 values at four levels) is refused before it is expanded or hashed.</summary>
    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void Aliases_count_as_their_expansion(int levels, bool loads)
    {
        var yaml = new System.Text.StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= levels; level++)
        {
            yaml.Append($"a{level}: &a{level} [").Append(string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))).Append("]\n");
        }

        var text = yaml.Append($"? *a{levels}\n: key\n").ToString();

        if (loads)
        {
            Assert.Single(BoundedYaml.Load(text, "aliases.yaml").Documents);
        }
        else
        {
            Assert.Contains("more than 100,000 values with every alias", Assert.Throws<ScenarioException>(() => BoundedYaml.Load(text, "aliases.yaml")).Message);
        }
    }

    [Theory]
    [InlineData("a: *nowhere\n", "alias *nowhere refers to no anchor completed before it")]
    [InlineData("a: &loop [1, *loop]\n", "alias *loop refers to no anchor completed before it")]
    [InlineData("a: [1, 2\n", "not valid YAML")]
    public void A_dangling_or_recursive_alias_and_broken_yaml_are_refused_with_a_place(string yaml, string message)
    {
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => BoundedYaml.Load(yaml, "x.yaml")).Errors);

        Assert.Contains(message, error.Message);
        Assert.True(error.Line >= 1 && error.Column >= 1, error.ToString());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1e8)]
    [InlineData(604_800.001)]
    public void A_run_length_in_seconds_outside_0_to_7_days_is_refused(double seconds) =>
        Assert.False(RunLength.TryFromSeconds(seconds, out _));

    [Theory]
    [InlineData("7d", true)]
    [InlineData("168h", true)]
    [InlineData("168h1s", false)]
    [InlineData("10000h", false)]
    [InlineData("0s", false)]
    [InlineData("-5m", false)]
    [InlineData("abc", false)]
    [InlineData("99999999999999999999d", false)]
    public void Run_lengths_from_the_command_line_are_at_most_7_days(string text, bool allowed) =>
        Assert.Equal(allowed, RunLength.TryParse(text, out _));
}
