namespace Hospitality.Sync.Tests.WebRtc.Fuzzing;

/// <summary>
/// AFL-style havoc on a seed input: bit flips, interesting values, inserted, deleted, duplicated
/// and spliced ranges, stacked one to eight deep. Seeded, so a crash replays from its seed.
/// </summary>
public sealed class Mutator(int seed)
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x10, 0x20, 0x40];
    private static readonly ushort[] InterestingShorts = [0x0000, 0x0001, 0x7FFF, 0x8000, 0xFFFF, 0x0004, 0x0100, 0x0200];

    private readonly Random _random = new(seed);

    public byte[] Mutate(IReadOnlyList<byte[]> corpus)
    {
        var bytes = new List<byte>(corpus[_random.Next(corpus.Count)]);
        var rounds = 1 << _random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            Apply(bytes, corpus);
        }

        return [.. bytes];
    }

    private void Apply(List<byte> bytes, IReadOnlyList<byte[]> corpus)
    {
        var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
        switch (_random.Next(9))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[at] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                break;
            case 2 when bytes.Count > 1:
                var value = InterestingShorts[_random.Next(InterestingShorts.Length)];
                at = Math.Min(at, bytes.Count - 2);
                bytes[at] = (byte)(value >> 8);
                bytes[at + 1] = (byte)value;
                break;
            case 3 when bytes.Count > 0:
                bytes[at] = (byte)(bytes[at] + _random.Next(-16, 17));
                break;
            case 4:
                var inserted = new byte[_random.Next(1, 32)];
                _random.NextBytes(inserted);
                bytes.InsertRange(at, inserted);
                break;
            case 5 when bytes.Count > 0:
                bytes.RemoveRange(at, _random.Next(1, Math.Min(32, bytes.Count - at) + 1));
                break;
            case 6 when bytes.Count > 0:
                var length = _random.Next(1, Math.Min(64, bytes.Count - at) + 1);
                bytes.InsertRange(_random.Next(bytes.Count + 1), bytes.GetRange(at, length));
                break;
            case 7 when bytes.Count > 0:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 8:
                var other = corpus[_random.Next(corpus.Count)];
                var from = _random.Next(other.Length + 1);
                bytes.InsertRange(at, other.AsSpan(from, _random.Next(other.Length - from + 1)).ToArray());
                break;
            default:
                break;
        }
    }
}
