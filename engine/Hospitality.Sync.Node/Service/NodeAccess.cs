using Hospitality.Sync.Access;
using Hospitality.Sync.Hosting.Access;
using Hospitality.Sync.Hosting.Nodes;
using Hospitality.Sync.Node.Configuration;

namespace Hospitality.Sync.Node.Service;

/// <summary>
/// Who a node serves and what it presents upstream, from the Access settings. With a signing key,
/// every entry point (the framed protocol's hello, the RxDB routes and their stream, signaling) asks
/// the same <see cref="PropertyAccess"/>: a genuine, unexpired token of this node's property in a role
/// served here (a Greengrass serves devices; the cloud serves devices and Greengrasses). Without a key
/// the node serves anyone, as a closed LAN or a demo wants.
/// </summary>
internal sealed class NodeAccess
{
    /// <summary>The device id an RxDB client is stamped with where tokens are not checked.</summary>
    public const string AnonymousDevice = "rxdb-client";

    public NodeAccess(NodeSettings settings)
    {
        var property = settings.Access.Property;
        Property = property;
        if (settings.Access.SigningKey is { } key)
        {
            Tokens = new AccessTokens(key);
            Checked = new PropertyAccess(Tokens, property, settings.Role == NodeRole.Greengrass ? [AccessRole.Device] : [AccessRole.Device, AccessRole.Greengrass]);
            Served = Checked;
            Signaling = new SignalingAdmission(Tokens);
        }
        else
        {
            Served = new PropertyAccess(new AnyoneVerifier(property), property);
        }

        // A node holding the key may mint its own token for its upstream; a device normally gets one handed to it.
        UpstreamToken = settings.Access.Token
            ?? (Tokens is not null && settings.Role != NodeRole.Cloud
                ? Tokens.Issue(new AccessGrant(property, settings.NodeId, settings.Role == NodeRole.Greengrass ? AccessRole.Greengrass : AccessRole.Device, DateTimeOffset.UtcNow + AccessSettings.SelfIssuedLife))
                : null);
    }

    public string Property { get; }

    /// <summary>The token verifier and issuer; null where tokens are not checked.</summary>
    public AccessTokens? Tokens { get; }

    /// <summary>The framed protocol's check; null serves anyone.</summary>
    public PropertyAccess? Checked { get; }

    /// <summary>The RxDB routes' check: <see cref="Checked"/>, or one that admits anyone as <see cref="AnonymousDevice"/>.</summary>
    public PropertyAccess Served { get; }

    /// <summary>Signaling's check; null admits anyone.</summary>
    public SignalingAdmission? Signaling { get; }

    public string? UpstreamToken { get; }

    private sealed class AnyoneVerifier(string property) : IAccessTokenVerifier
    {
        public AccessDecision Verify(string? token) => AccessDecision.Allow(new AccessGrant(property, AnonymousDevice, AccessRole.Device, DateTimeOffset.MaxValue));
    }
}
