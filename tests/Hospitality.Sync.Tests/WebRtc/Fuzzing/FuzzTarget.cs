namespace Hospitality.Sync.Tests.WebRtc.Fuzzing;

/// <summary>
/// One parser or protocol handler that takes bytes from the network: its seed corpus, how to
/// feed it one input, and the one exception type it may throw (null: it must never throw).
/// </summary>
public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Corpus, Action<byte[]> Execute, Type? AllowedError)
{
    /// <summary>Fixes what a real sender would have got right (a checksum), so mutations reach past it.</summary>
    public Func<byte[], byte[]> Prepare { get; init; } = bytes => bytes;
}
