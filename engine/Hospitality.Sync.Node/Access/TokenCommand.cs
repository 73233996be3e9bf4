using System.Globalization;
using System.Security.Cryptography;
using Hospitality.Sync.Access;
using Hospitality.Sync.Hosting.Access;

namespace Hospitality.Sync.Node.Access;

/// <summary>
/// <c>hotel-node key</c> prints a fresh signing key; <c>hotel-node token --property P --device D
/// [--role device|greengrass] [--hours H]</c> prints a token signed with the key in
/// HOTELNODE_Access__SigningKey (or the file named by <c>--signing-key-file</c>). Neither writes the key anywhere.
/// </summary>
internal static class TokenCommand
{
    public static int Key(TextWriter output)
    {
        output.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(AccessTokens.KeyMinBytes)));
        return HotelNodeApp.ExitOk;
    }

    public static int Token(string[] args, TextWriter output, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 0; index < args.Length; index += 2)
        {
            if (index + 1 >= args.Length || !args[index].StartsWith("--", StringComparison.Ordinal))
            {
                return Usage(error, $"'{args[index]}' is not '--name value'");
            }

            options[args[index][2..]] = args[index + 1];
        }

        if (options.Keys.Except(["property", "device", "role", "hours", "signing-key-file"]).FirstOrDefault() is { } unknown)
        {
            return Usage(error, $"unknown option --{unknown}");
        }

        var keyText = options.TryGetValue("signing-key-file", out var file) ? ReadFile(file) : Environment.GetEnvironmentVariable("HOTELNODE_Access__SigningKey");
        if (string.IsNullOrWhiteSpace(keyText))
        {
            return Usage(error, "no signing key: set HOTELNODE_Access__SigningKey or pass --signing-key-file");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(keyText.Trim());
        }
        catch (FormatException)
        {
            return Usage(error, "the signing key is not base64 (the value is not shown)");
        }

        if (key.Length < AccessTokens.KeyMinBytes)
        {
            return Usage(error, $"the signing key is {key.Length} bytes; at least {AccessTokens.KeyMinBytes}");
        }

        if (!options.TryGetValue("property", out var property) || !options.TryGetValue("device", out var device))
        {
            return Usage(error, "--property and --device are required");
        }

        var role = options.GetValueOrDefault("role", "device") switch
        {
            "device" => AccessRole.Device,
            "greengrass" => AccessRole.Greengrass,
            var other => (AccessRole?)null,
        };
        if (role is null)
        {
            return Usage(error, "--role is device or greengrass");
        }

        if (!double.TryParse(options.GetValueOrDefault("hours", "24"), NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) || hours is <= 0 or > 24 * 366)
        {
            return Usage(error, "--hours is a number of hours from 0 to 8784");
        }

        try
        {
            output.WriteLine(new AccessTokens(key).Issue(new AccessGrant(property, device, role.Value, DateTimeOffset.UtcNow.AddHours(hours))));
            return HotelNodeApp.ExitOk;
        }
        catch (ArgumentException exception)
        {
            return Usage(error, exception.Message);
        }
    }

    private static string? ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine($"hotel-node token: {problem}");
        error.WriteLine("usage: hotel-node token --property <id> --device <id> [--role device|greengrass] [--hours 24] [--signing-key-file <path>]");
        error.WriteLine("       hotel-node key   (prints a fresh base64 signing key)");
        return HotelNodeApp.ExitBadInput;
    }
}
