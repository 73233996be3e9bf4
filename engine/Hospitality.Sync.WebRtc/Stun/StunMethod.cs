namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>The 12-bit STUN method. ICE and consent freshness only use Binding; others decode as their raw value.</summary>
internal enum StunMethod : ushort
{
    Binding = 0x001,
}
