using System.Globalization;

namespace Hospitality.Sync.Node.Load;

/// <summary>The load run's options: <c>--name value</c> pairs of bounded whole numbers and bare flags.</summary>
internal sealed class LoadArguments(string[] args)
{
    public bool Has(string name) => Array.IndexOf(args, name) >= 0;

    /// <summary>The whole number after <paramref name="name"/>, or <paramref name="fallback"/> when absent; throws naming what is allowed.</summary>
    public int Number(string name, int fallback, int max, int min = 1)
    {
        var at = Array.IndexOf(args, name);
        return at < 0 ? fallback
            : at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
            : throw new ArgumentException($"{name}: a whole number from {min} to {max}");
    }
}
