namespace Hospitality.Sync.Tests.Clock;

/// <summary>A physical clock the test sets by hand: it reads whatever <see cref="UtcNow"/> says, jumps included.</summary>
public sealed class ManualTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public DateTimeOffset UtcNow { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => UtcNow;

    public void SetUnixMilliseconds(long milliseconds) => UtcNow = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
