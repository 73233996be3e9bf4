namespace Hospitality.Sim.Kernel;

/// <summary>
/// Hashes 64-bit keys through a full mixer. Packed keys such as <c>(host &lt;&lt; 32) | peer</c> collide
/// badly under <c>long.GetHashCode</c> (high XOR low: neighbours h and h+1 land on a handful of
/// buckets), which turned per-packet counter lookups into long chain walks.
/// </summary>
internal sealed class MixedInt64Comparer : IEqualityComparer<long>
{
    public static MixedInt64Comparer Instance { get; } = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long value) => (int)StableHash.Finalize((ulong)value);
}
