using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Tests.WebRtc.Stun;
using Hospitality.Sync.WebRtc.Ice;

namespace Hospitality.Sync.Tests.WebRtc.Ice;

public sealed class IceAgentPropertyTests
{
    [Property(MaxTest = 500)]
    public Property Any_datagram_is_handled_without_throwing() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), StunMessages.Sealed, (noise, sealedMessage) =>
        {
            var link = new IceLink();
            link.Signal();
            link.A.HandleStun(noise, IceLink.AddressA, IceLink.AddressB);
            link.A.HandleStun(sealedMessage.Message.Encode(sealedMessage.Key, sealedMessage.Fingerprint), IceLink.AddressA, IceLink.AddressB);
            return link.RunUntil(() => link.A.State == IceConnectionState.Connected && link.B.State == IceConnectionState.Connected, TimeSpan.FromMinutes(1));
        });

    /// <summary>
    /// Up to 10 % loss: a check and its answer then both get through within seven tries but for
    /// one chance in 10^5. Heavier loss can fail a pair for good, in browsers too.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Agents_connect_under_moderate_loss_whatever_their_starting_roles() =>
        Prop.ForAll(Gen.Choose(1, 10_000).ToArbitrary(), Gen.Choose(0, 10).ToArbitrary(), (seed, lossPercent) =>
        {
            var random = new Random(seed);
            var link = new IceLink((IceRole)random.Next(2), (IceRole)random.Next(2), seed);
            link.Drop = (_, _, _) => random.Next(100) < lossPercent;
            link.Signal();
            return link.RunUntil(() => link.A.State == IceConnectionState.Connected && link.B.State == IceConnectionState.Connected, TimeSpan.FromMinutes(1))
                && link.A.SelectedPair!.Remote.Equals(IceLink.AddressB) && link.B.SelectedPair!.Remote.Equals(IceLink.AddressA);
        });
}
