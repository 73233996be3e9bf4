using Hospitality.Sim.Kernel;
using Hospitality.Sim.Workload;

namespace Hospitality.Sim.Tests.Workload;

public sealed class WorkloadTests
{
    [Fact]
    public void The_day_has_check_outs_in_the_morning_housekeeping_midday_and_check_ins_late_afternoon()
    {
        double PeakHour(HotelActivity activity) => Enumerable.Range(0, 24 * 4).Select(quarter => quarter / 4.0).MaxBy(hour => DailyRhythm.Intensity(activity, hour));

        Assert.InRange(PeakHour(HotelActivity.CheckOut), 8, 11);
        Assert.InRange(PeakHour(HotelActivity.Housekeeping), 10, 14);
        Assert.InRange(PeakHour(HotelActivity.CheckIn), 15, 18);
        Assert.True(DailyRhythm.Intensity(HotelActivity.Housekeeping, 3) < 0.05);
    }

    [Fact]
    public void Exponential_draws_have_mean_one_and_the_memoryless_tail()
    {
        var random = new SimRandom(7);
        var draws = Enumerable.Range(0, 200_000).Select(_ => random.NextExponential()).ToList();
        Assert.InRange(draws.Average(), 0.98, 1.02);
        Assert.InRange(draws.Count(draw => draw > 1) / (double)draws.Count, 0.36, 0.375); // e^-1 = 0.368
        Assert.InRange(draws.Count(draw => draw > 3) / (double)draws.Count, 0.046, 0.054); // e^-3 = 0.0498
    }

    [Fact]
    public void The_dataset_is_the_same_for_the_same_seed_and_passes_the_schemas()
    {
        var spec = new WorkloadSpec { Rooms = 50, Guests = 30 };
        var first = new HotelDataset("p1", spec, 42, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var second = new HotelDataset("p1", spec, 42, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(first.Documents, second.Documents);
        Assert.Equal(50 + 30 + 30 + spec.InventoryItems, first.Documents.Count);

        var validator = new Sync.Documents.DocumentValidator(Sync.Documents.HotelCollections.All);
        var clock = new Sync.Clock.HlcTimestamp(1, 0, "n");
        Assert.All(first.Documents, document => Assert.True(
            validator.Validate(new Sync.Documents.Document(document.Collection, document.Id, document.Body, clock, false, "n")).IsValid,
            $"{document.Collection}/{document.Id}: {document.Body}"));
        Assert.InRange(first.Documents.Average(document => document.Body.Length), 150, 1000);
    }
}
