namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>The controlling agent nominates the pair; the offerer starts controlling (RFC 8445 section 6.1.1), conflicts are settled by tie-breaker.</summary>
public enum IceRole
{
    Controlling,
    Controlled,
}
