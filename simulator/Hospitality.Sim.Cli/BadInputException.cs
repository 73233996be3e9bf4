namespace Hospitality.Sim.Cli;

/// <summary>Input hsim refuses; its message is printed as it is (it names the place and what is allowed) and hsim exits with <see cref="ExitCode.BadInput"/>.</summary>
internal sealed class BadInputException(string message) : Exception(message);
