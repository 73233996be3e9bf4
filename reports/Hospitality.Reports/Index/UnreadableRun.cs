namespace Hospitality.Reports.Index;

/// <summary>A <c>run.json</c> that could not be read, and why, so the index shows it rather than hiding it.</summary>
public sealed record UnreadableRun(string RelativePath, string Error);
