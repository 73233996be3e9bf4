namespace Hospitality.Sync.Access;

/// <summary>
/// The check a signaling server makes before a peer joins a property's room: a genuine token of that
/// property, whose device is the peer it claims to be, so no one relays offers into another property
/// or under another device's name. One signaling server serves many properties, hence one verifier
/// and the room's property per call.
/// </summary>
public sealed class SignalingAdmission(IAccessTokenVerifier verifier)
{
    public AccessDecision Admit(string? token, string property, string peerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(property);
        var decision = new PropertyAccess(verifier, property).Authorize(token);
        if (decision.Grant is { } grant && !string.Equals(grant.Device, peerId, StringComparison.Ordinal))
        {
            return AccessDecision.Forbidden($"the token is for device '{grant.Device}'; the peer says it is '{peerId}'");
        }

        return decision;
    }
}
