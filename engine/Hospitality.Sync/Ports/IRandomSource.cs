namespace Hospitality.Sync.Ports;

/// <summary>
/// The engine's only source of randomness (jitter, identifiers, nonces). Production passes a
/// cryptographically strong source; the simulator a seeded stream, so runs replay exactly.
/// </summary>
public interface IRandomSource
{
    /// <summary>A uniformly distributed integer in [0, <paramref name="maxExclusive"/>).</summary>
    int Next(int maxExclusive);

    /// <summary>A uniformly distributed 64-bit value.</summary>
    ulong NextUInt64();

    /// <summary>A uniformly distributed double in [0, 1).</summary>
    double NextDouble();

    void NextBytes(Span<byte> destination);
}
