namespace Hospitality.Sync.Node.Configuration;

/// <summary>
/// The "Access" section: which property this node is, the deployment's token-signing key (null: the
/// node serves anyone) and the token it presents upstream. The key is never logged nor echoed in an error.
/// </summary>
internal sealed record AccessSettings(string Property, byte[]? SigningKey, string? Token)
{
    /// <summary>A token a node mints for itself from the key lasts this long (the connection it opens is cut at expiry, then it mints a new one on restart).</summary>
    public static readonly TimeSpan SelfIssuedLife = TimeSpan.FromDays(365);

    public bool ChecksTokens => SigningKey is not null;

    /// <summary>Where the settings were read from, for errors that must not repeat a secret.</summary>
    public override string ToString() => $"AccessSettings {{ Property = {Property}, SigningKey = {(SigningKey is null ? "none" : "set")}, Token = {(Token is null ? "none" : "set")} }}";
}
