using FsCheck;
using FsCheck.Fluent;

namespace Hospitality.Sync.Tests.Clock;

/// <summary>
/// Nodes with physical clocks skewed by up to ±10 minutes from true time, and the steps they take.
/// Time mostly moves by a few milliseconds, so readings often share a millisecond and counters matter.
/// </summary>
public sealed record ClockScript(int[] InitialOffsetsMilliseconds, ClockStep[] Steps)
{
    public const int MaxSkewMilliseconds = 10 * 60 * 1000;

    public const int NodeCount = 4;

    public static Arbitrary<ClockScript> Arbitrary { get; } = Arb.From(Generator(), Shrink);

    public override string ToString() =>
        $"offsets [{string.Join(", ", InitialOffsetsMilliseconds)}] ms; steps: {string.Join(", ", Steps.Select(step => step.ToString()))}";

    private static Gen<ClockScript> Generator()
    {
        var node = Gen.Choose(0, NodeCount - 1);
        var offset = Gen.Choose(-MaxSkewMilliseconds, MaxSkewMilliseconds);
        var step = Gen.Frequency(
            (3, Gen.Frequency((4, Gen.Choose(0, 3)), (1, Gen.Choose(4, 5_000))).Select(ClockStep (ms) => new Elapse(ms))),
            (1, node.Zip(offset, ClockStep (n, o) => new SetOffset(n, o))),
            (3, node.Select(ClockStep (n) => new LocalEvent(n))),
            (3, node.Zip(node, ClockStep (from, to) => new Send(from, to))),
            (1, node.Zip(Gen.Choose(0, 1_000), ClockStep (to, index) => new DeliverLate(to, index))));
        return offset.ArrayOf(NodeCount).Zip(step.ArrayOf(), (offsets, steps) => new ClockScript(offsets, steps));
    }

    // Shrinks by dropping one step at a time, and by taking the skew away, so a failure reads short.
    private static IEnumerable<ClockScript> Shrink(ClockScript script)
    {
        if (script.InitialOffsetsMilliseconds.Any(offset => offset != 0))
        {
            yield return script with { InitialOffsetsMilliseconds = new int[NodeCount] };
        }

        for (var i = 0; i < script.Steps.Length; i++)
        {
            yield return script with { Steps = [.. script.Steps[..i], .. script.Steps[(i + 1)..]] };
        }
    }
}
