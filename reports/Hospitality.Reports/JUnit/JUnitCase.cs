namespace Hospitality.Reports.JUnit;

/// <summary>One JUnit test case: passed, failed with a message, or skipped with a reason.</summary>
/// <param name="ClassName">What CI servers group cases by: the scenario (or "hsim check").</param>
/// <param name="Failure">Why it failed, e.g. "measured 62 ms, limit 50 ms"; null when it did not.</param>
/// <param name="Skipped">Why it was not judged; null when it was.</param>
/// <param name="Output">Anything worth keeping with a passing case (an expected failure's reason).</param>
public sealed record JUnitCase(string ClassName, string Name, double Seconds, string? Failure = null, string? Skipped = null, string? Output = null);
