using System.Text;

namespace Hospitality.Reports.Formatting;

/// <summary>A file- and anchor-safe name: "p99 per minute (ms)" → "p99-per-minute-ms".</summary>
public static class Slug
{
    /// <summary>Longest slug kept, so file names stay short.</summary>
    public const int LengthMax = 60;

    public static string Of(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var character in text.ToLowerInvariant())
        {
            if (character is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(character);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > LengthMax)
        {
            slug = slug[..LengthMax].TrimEnd('-');
        }

        return slug.Length == 0 ? "unnamed" : slug;
    }
}
