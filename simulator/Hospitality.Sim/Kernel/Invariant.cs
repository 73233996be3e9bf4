using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Hospitality.Sim.Kernel;

/// <summary>Always-on assertions: unlike <c>Debug.Assert</c>, they hold in Release builds too.</summary>
public static class Invariant
{
    public static void Holds(
        [DoesNotReturnIf(false)] bool condition,
        string message,
        [CallerArgumentExpression(nameof(condition))] string? expression = null)
    {
        if (!condition)
        {
            throw new InvariantViolationException($"{message} ({expression})");
        }
    }
}
