using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Calibration;

/// <summary>
/// 802.11 DCF under saturation, simulated slot by slot: every station keeps its own backoff counter
/// and stage, a slot in which exactly one counter reaches zero is a success, two or more a collision
/// that doubles the window of those involved. This is the reference Bianchi validated his model
/// against, and it shares no code with the channel model it checks.
/// </summary>
internal static class DcfSlotSimulation
{
    /// <summary>Saturation throughput as a share of the bit rate, from <paramref name="successes"/> successful transmissions.</summary>
    public static double Throughput(ulong seed, int stations, int windowMin, int stages, double slotMicroseconds, double successMicroseconds, double collisionMicroseconds, double payloadMicroseconds, int successes)
    {
        var random = new SimRandom(seed);
        var stage = new int[stations];
        var counter = new int[stations];
        for (var i = 0; i < stations; i++)
        {
            counter[i] = random.Next(windowMin);
        }

        var time = 0.0;
        var done = 0;
        var transmitting = new List<int>();
        while (done < successes)
        {
            transmitting.Clear();
            for (var i = 0; i < stations; i++)
            {
                if (counter[i] == 0)
                {
                    transmitting.Add(i);
                }
            }

            if (transmitting.Count == 0)
            {
                time += slotMicroseconds;
                for (var i = 0; i < stations; i++)
                {
                    counter[i]--;
                }

                continue;
            }

            var success = transmitting.Count == 1;
            time += success ? successMicroseconds : collisionMicroseconds;
            done += success ? 1 : 0;
            foreach (var i in transmitting)
            {
                stage[i] = success ? 0 : Math.Min(stage[i] + 1, stages);
                counter[i] = random.Next(windowMin << stage[i]);
            }
        }

        return done * payloadMicroseconds / time;
    }
}
