using System.Globalization;
using Xunit.Abstractions;

namespace Hospitality.Sync.Tests.WebRtc.Fuzzing;

/// <summary>
/// Mutation fuzzing of every WebRTC parser of network input: no input may raise anything but the
/// parser's own format error (handlers: nothing at all). Each commit runs 50,000 inputs per
/// target; set HSIM_FUZZ_EXECUTIONS for a longer campaign.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly int Executions =
        int.TryParse(Environment.GetEnvironmentVariable("HSIM_FUZZ_EXECUTIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 50_000;

    [Theory]
    [MemberData(nameof(FuzzTargets.Names), MemberType = typeof(FuzzTargets))]
    public void Mutated_network_input_raises_nothing_but_the_parsers_own_error(string name)
    {
        var target = FuzzTargets.Named(name);
        var mutator = new Mutator(seed: name.Length * 7919);
        var crashes = new Dictionary<string, (int Count, byte[] Smallest)>(StringComparer.Ordinal);
        var rejected = 0;
        for (var i = 0; i < Executions; i++)
        {
            var input = target.Prepare(mutator.Mutate(target.Corpus));
            try
            {
                target.Execute(input);
            }
            catch (Exception error) when (error.GetType() == target.AllowedError)
            {
                rejected++;
            }
            catch (Exception error)
            {
                var signature = $"{error.GetType().Name} at {error.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}";
                crashes[signature] = crashes.TryGetValue(signature, out var seen)
                    ? (seen.Count + 1, input.Length < seen.Smallest.Length ? input : seen.Smallest)
                    : (1, input);
            }
        }

        output.WriteLine($"{name}: {Executions:N0} executions, {rejected:N0} rejected with the parser's own error, {crashes.Count} distinct crashes");
        Assert.True(crashes.Count == 0, string.Join("\n", crashes.Select(c => $"{c.Value.Count} x {c.Key}; smallest input: {Convert.ToHexString(c.Value.Smallest)}")));
    }
}
