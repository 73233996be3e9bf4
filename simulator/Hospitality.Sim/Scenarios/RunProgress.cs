namespace Hospitality.Sim.Scenarios;

/// <summary>Where a run is: virtual time done and to do, and events executed so far.</summary>
public readonly record struct RunProgress(TimeSpan Virtual, TimeSpan Total, long Events);
