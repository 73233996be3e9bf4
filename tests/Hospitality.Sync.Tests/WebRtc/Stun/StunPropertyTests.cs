using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.Tests.WebRtc.Stun;

/// <summary>Encoding then decoding keeps every field, and no input from the network makes the decoder throw anything but its own error.</summary>
public sealed class StunPropertyTests
{
    [Property(MaxTest = 500)]
    public Property Every_message_survives_a_round_trip_with_its_seals() =>
        Prop.ForAll(StunMessages.Sealed, sealedMessage =>
        {
            var (message, key, fingerprint) = sealedMessage;
            var decoded = StunMessage.Decode(message.Encode(key, fingerprint));
            return StunMessages.SameFields(message, decoded)
                && decoded.HasFingerprint == fingerprint
                && decoded.HasMessageIntegrity == (key.Length > 0)
                && decoded.VerifyMessageIntegrity(key) == (key.Length > 0)
                && !decoded.VerifyMessageIntegrity([.. key, 0x21]);
        });

    [Property(MaxTest = 2_000)]
    public bool Random_bytes_raise_only_the_codecs_own_error(byte[] noise) => OnlyCodecErrors(noise);

    [Property(MaxTest = 1_000)]
    public Property Random_bodies_behind_a_valid_header_raise_only_the_codecs_own_error() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), body =>
        {
            // Noise alone rarely passes the header checks, so give it a header that does and fuzz the attributes.
            var padded = StunBytes.Message(0x0001, body).Concat(new byte[(4 - (body.Length % 4)) % 4]).ToArray();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(padded.AsSpan(2), (ushort)(padded.Length - StunMessage.HeaderBytes));
            return OnlyCodecErrors(padded);
        });

    [Property(MaxTest = 1_000)]
    public Property Mutated_messages_raise_only_the_codecs_own_error() =>
        Prop.ForAll(StunMessages.Sealed, ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<byte>(), (sealedMessage, position, value) =>
        {
            var (message, key, fingerprint) = sealedMessage;
            var bytes = message.Encode(key, fingerprint);
            var index = (int)((uint)position % bytes.Length);
            var changed = bytes.ToArray();
            changed[index] = value;
            return OnlyCodecErrors(changed) && OnlyCodecErrors(bytes.AsSpan(0, index).ToArray()) && OnlyCodecErrors([.. bytes, value]);
        });

    [Property(MaxTest = 1_000)]
    public Property A_changed_byte_in_a_fingerprinted_message_never_passes_as_fingerprinted() =>
        Prop.ForAll(StunMessages.Sealed, ArbMap.Default.ArbFor<int>(), Gen.Choose(1, 255).ToArbitrary(), (sealedMessage, position, flip) =>
        {
            var bytes = sealedMessage.Message.Encode(sealedMessage.Key, fingerprint: true);
            var index = (int)((uint)position % bytes.Length);
            bytes[index] ^= (byte)flip;
            return !StunMessage.TryDecode(bytes, out var decoded, out _) || !decoded.HasFingerprint;
        });

    private static bool OnlyCodecErrors(byte[] bytes)
    {
        try
        {
            StunMessage.Decode(bytes);
        }
        catch (StunFormatException exception)
        {
            return !string.IsNullOrWhiteSpace(exception.Message) && !StunMessage.TryDecode(bytes, out _, out var error) && error == exception.Message;
        }

        return StunMessage.TryDecode(bytes, out _, out _);
    }
}
