using System.Text.Json.Serialization;

namespace Hospitality.Sim.Trials;

/// <summary>
/// The bounds generated trials stay within. Each set of bounds the tests run is a named
/// <see cref="Profile"/>, so a failure's printed command (<see cref="Arguments"/>) rebuilds the same world.
/// </summary>
public sealed record TrialLimits
{
    /// <summary>The profile these limits are (before a <c>--max-devices</c> override).</summary>
    public string Profile { get; init; } = "default";

    public int MinDevices { get; init; } = 2;

    public int MaxDevices { get; init; } = 50;

    public int MaxProperties { get; init; } = 3;

    public int MaxGreengrass { get; init; } = 3;

    public int MaxWrites { get; init; } = 120;

    public int MaxFaults { get; init; } = 6;

    public double FaultSeconds { get; init; } = 120;

    /// <summary>Nodes whose store is a real SQLite file (WAL, production settings); 0 keeps every store in memory.</summary>
    public int MaxFileStores { get; init; }

    /// <summary>Crashes inside store transactions (between statements, before and after commit) on top of <see cref="MaxFaults"/>.</summary>
    public int MaxTransactionCrashes { get; init; }

    /// <summary>
    /// Documents per live-stream page the servers send; 0 keeps the engine's 200. Devices push 50 at a
    /// time, so only a page smaller than a push makes every stream send several pages per wake-up.
    /// </summary>
    public int StreamPageSize { get; init; }

    /// <summary>
    /// Rooms a paging workload creates and rewrites in bursts larger than a pull page (100) and a
    /// live-stream page (200), between half this and this many; 0 leaves the workload small.
    /// </summary>
    public int MaxDocuments { get; init; }

    /// <summary>
    /// The chance that a property's tablets run P2P (WebRTC beside the servers), drawn from a stream of
    /// its own; its faults (mesh splits, signaling crashes, peers restarting) add to <see cref="MaxFaults"/>.
    /// 0 outside the p2p profile, so the other profiles' worlds and per-commit cost stay what they were.
    /// </summary>
    public double P2PShare { get; init; }

    /// <summary>P2P faults on top of <see cref="MaxFaults"/>, when some property runs P2P.</summary>
    public int MaxP2PFaults { get; init; } = 3;

    public static TrialLimits Default { get; } = new();

    /// <summary>Every profile the tests and <c>hsim check --profile</c> run, by name.</summary>
    public static IReadOnlyDictionary<string, TrialLimits> Profiles { get; } = new Dictionary<string, TrialLimits>(StringComparer.Ordinal)
    {
        ["default"] = Default,

        // Small hotels under many overlapping faults: the same device crashed, partitioned and skewed in one run.
        ["dense"] = Default with { Profile = "dense", MaxDevices = 6, MaxFaults = 14, MaxWrites = 80 },

        // The largest generated worlds, where fan-out and shared Wi-Fi matter most.
        ["large"] = Default with { Profile = "large", MinDevices = 30, MaxDevices = 50 },

        // Real files, and power lost inside the stores' transactions.
        ["files"] = Default with { Profile = "files", MaxDevices = 8, MaxProperties = 2, MaxFaults = 3, MaxFileStores = 4, MaxTransactionCrashes = 4 },

        // Hundreds to thousands of rooms in bursts that overflow pull and stream pages.
        ["paging"] = Default with { Profile = "paging", MaxDevices = 5, MaxProperties = 2, MaxGreengrass = 2, MaxWrites = 60, MaxFaults = 3, MaxDocuments = 1500, MaxFileStores = 1, MaxTransactionCrashes = 1, StreamPageSize = 40 },

        // Small hotels that all run P2P, under mesh splits, signaling crashes and peers restarting.
        ["p2p"] = Default with { Profile = "p2p", MaxDevices = 8, MaxProperties = 2, MaxGreengrass = 1, MaxFaults = 4, P2PShare = 1, MaxP2PFaults = 6 },
    };

    /// <exception cref="ArgumentException">No profile has that name.</exception>
    public static TrialLimits Named(string profile, int? maxDevices = null)
    {
        if (!Profiles.TryGetValue(profile, out var limits))
        {
            throw new ArgumentException($"no trial profile '{profile}'; the profiles are {string.Join(", ", Profiles.Keys)}", nameof(profile));
        }

        return maxDevices is { } devices ? limits with { MaxDevices = devices, MinDevices = Math.Min(limits.MinDevices, devices) } : limits;
    }

    /// <summary>The <c>hsim check</c> options that rebuild these limits.</summary>
    /// <exception cref="InvalidOperationException">These limits are no profile (with or without a device override): no command could rebuild them.</exception>
    [JsonIgnore]
    public string Arguments
    {
        get
        {
            var profile = Named(Profile);
            var arguments = profile.MaxDevices == MaxDevices ? $"--profile {Profile}" : $"--profile {Profile} --max-devices {MaxDevices}";
            if (Named(Profile, MaxDevices) != this)
            {
                throw new InvalidOperationException($"trial limits that are not profile '{Profile}' with {arguments}: add a profile to TrialLimits.Profiles, so a failure can print a command that replays it");
            }

            return arguments;
        }
    }
}
