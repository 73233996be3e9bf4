namespace Hospitality.Sim.Calibration;

/// <summary>One line of a calibration report: what the model gives beside what was published, and where.</summary>
public sealed record CalibrationRow(string Experiment, string Condition, string Measured, string Reference, string Source);
