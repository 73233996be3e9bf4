namespace Hospitality.Sim.Figures;

/// <summary>A section of the README that code writes: its marker name and the Markdown between its markers.</summary>
public sealed record FigureSection(string Name, string Markdown);
