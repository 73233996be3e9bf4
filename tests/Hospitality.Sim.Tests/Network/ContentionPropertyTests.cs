using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Calibration;
using Hospitality.Sim.Network.Wifi;

namespace Hospitality.Sim.Tests.Network;

public sealed class ContentionPropertyTests
{
    [Property(MaxTest = 200)]
    public bool More_contenders_never_raise_the_chance_that_a_busy_period_succeeds(PositiveInt contenders)
    {
        var n = Math.Min(contenders.Get, 2000);
        var contention = new Contention(15, 1023);
        var (now, more) = (contention.SuccessProbability(n), contention.SuccessProbability(n + 1));
        return now is > 0 and <= 1 && more <= now && contention.IdleSlots(n + 1) <= contention.IdleSlots(n);
    }

    [Fact]
    public void A_lone_station_waits_half_the_smallest_window_and_never_collides()
    {
        var contention = new Contention(15, 1023);

        Assert.Equal(7.5, contention.IdleSlots(1), 9);
        Assert.Equal(1.0, contention.SuccessProbability(1));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    public void Bianchis_model_agrees_with_a_slot_level_simulation_of_DCF(int stations)
    {
        var mac = WifiCalibration.Bianchi.Wifi!;
        var (model, _) = WifiCalibration.BianchiThroughput(mac, stations);
        var airtime = mac.Preamble.TotalMicroseconds + ((WifiCalibration.BianchiPayloadBytes + WifiCalibration.Bianchi.FramingOverheadBytes) * 8.0);
        var simulated = DcfSlotSimulation.Throughput(7, stations, 32, 5, mac.Slot.TotalMicroseconds,
            airtime + mac.Sifs.TotalMicroseconds + mac.Acknowledgement.TotalMicroseconds + mac.Aifs.TotalMicroseconds,
            airtime + mac.Aifs.TotalMicroseconds, WifiCalibration.BianchiPayloadBytes * 8.0, successes: 100_000);

        Assert.InRange(simulated, model * 0.97, model * 1.03);
    }
}
