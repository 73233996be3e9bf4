using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Hosting.RunLoop;

namespace Hospitality.Sync.Hosting.Tests.RunLoop;

public sealed class SchedulerStatisticsTests
{
    [Property(MaxTest = 500)]
    public Property Any_text_reads_as_the_file_s_first_two_numbers_or_as_nothing_and_never_throws() =>
        Prop.ForAll(Texts().ToArbitrary(), text =>
        {
            var parsed = SchedulerStatistics.Parse(text);
            var fields = text.TrimEnd('\n').Split(' ');
            var wellFormed = fields.Length == 3 && fields.All(field => field.Length is > 0 and < 19 && field.All(char.IsAsciiDigit));
            return parsed is { } read
                ? wellFormed && read.OnCpu == long.Parse(fields[0]) && read.Runnable == long.Parse(fields[1])
                : !wellFormed;
        });

    [Fact]
    public void The_current_thread_s_time_on_a_cpu_grows_while_it_computes()
    {
        using var statistics = SchedulerStatistics.OpenForCurrentThread();
        Assert.NotNull(statistics); // Linux, where CI runs, always has the file.
        var before = statistics.Read()!.Value;
        var sum = 0L;
        for (var i = 0; i < 50_000_000; i++)
        {
            sum += i ^ (sum >> 3);
        }

        var after = statistics.Read()!.Value;
        Assert.True(after.OnCpu > before.OnCpu, $"on a CPU {before.OnCpu} -> {after.OnCpu} ns (sum {sum})");
        Assert.True(after.Runnable >= before.Runnable);
    }

    private static Gen<string> Texts()
    {
        var number = Gen.Choose(0, int.MaxValue).Select(n => $"{(long)n * 1_000}");
        var triple = from onCpu in number
                     from runnable in number
                     from slices in number
                     select $"{onCpu} {runnable} {slices}\n";
        var mangled = from text in triple
                      from at in Gen.Choose(0, 40)
                      from character in Gen.Elements(' ', '-', 'x', '\n', '9', '\0')
                      select at < text.Length ? text.Remove(at, 1).Insert(at, $"{character}") : text + character;
        return Gen.OneOf(triple, mangled, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));
    }
}
