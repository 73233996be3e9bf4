using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Signaling;

namespace Hospitality.Sync.Tests.Signaling;

/// <summary>The signaling codec: every message survives a round trip as JSON, and nothing a device or a browser sends makes it throw.</summary>
public sealed class SignalCodecTests
{
    [Property(MaxTest = 1_000)]
    public Property Every_message_survives_a_round_trip() =>
        Prop.ForAll(SignalMessages.Any.ToArbitrary(), message =>
        {
            var decoded = SignalCodec.Decode(SignalCodec.Encode(message));
            return decoded.IsSuccess && SignalMessages.Same(message, decoded.Message);
        });

    [Property(MaxTest = 2_000)]
    public bool Random_bytes_decode_to_a_message_or_an_error_never_an_exception(byte[] noise) => Decodes(noise);

    [Property(MaxTest = 1_000)]
    public Property Mutated_and_cut_messages_decode_to_a_message_or_an_error() =>
        Prop.ForAll(SignalMessages.Any.ToArbitrary(), ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<byte>(), (message, position, value) =>
        {
            var bytes = SignalCodec.Encode(message);
            var index = (int)((uint)position % bytes.Length);
            var changed = bytes.ToArray();
            changed[index] = value;
            return Decodes(changed) && Decodes(bytes.AsSpan(0, index).ToArray()) && Decodes([.. bytes, value]);
        });

    [Fact]
    public void The_wire_form_uses_the_seeds_message_names_in_json()
    {
        var text = Encoding.UTF8.GetString(SignalCodec.Encode(new IceCandidateMessage("", "tablet-2", "candidate:1 1 udp 1 10.0.0.2 5000 typ host")));

        Assert.Equal("""{"type":"ice-candidate","to":"tablet-2","candidate":"candidate:1 1 udp 1 10.0.0.2 5000 typ host"}""", text);
    }

    [Fact]
    public void An_answer_carries_the_session_of_the_offer_it_answers_and_one_without_a_session_still_decodes()
    {
        var answer = new AnswerMessage("", "tablet-2", "v=0", "5eed");

        Assert.Equal("""{"type":"answer","to":"tablet-2","sdp":"v=0","session":"5eed"}""", Encoding.UTF8.GetString(SignalCodec.Encode(answer)));
        Assert.Equal(answer, SignalCodec.Decode(SignalCodec.Encode(answer)).Message);
        Assert.Null(((AnswerMessage)SignalCodec.Decode("""{"type":"answer","to":"tablet-2","sdp":"v=0"}"""u8.ToArray()).Message!).Session);
    }

    [Theory]
    [InlineData("""{"type":"answer","to":"b","sdp":"v=0","session":"a b"}""", "'session' may hold only")]
    [InlineData("""{"type":"join","propertyId":"hotel-1"}""", "'deviceId' must be a string")]
    [InlineData("""{"type":"join","propertyId":"hotel 1","deviceId":"t"}""", "'propertyId' may hold only")]
    [InlineData("""{"type":"dance"}""", "unknown message type 'dance'")]
    [InlineData("""[1,2]""", "a message is a JSON object")]
    [InlineData("""{"type":"offer","to":"b","sdp":""}""", "'sdp' must hold 1 to")]
    [InlineData("""{"type":"join",""", "not JSON")]
    [InlineData("""{"a":{"b":{"c":{"d":{"e":1}}}}}""", "not JSON")]
    public void Bad_input_gets_an_error_that_names_the_field(string json, string expected)
    {
        var decoded = SignalCodec.Decode(Encoding.UTF8.GetBytes(json));

        Assert.False(decoded.IsSuccess);
        Assert.Contains(expected, decoded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_over_the_limit_is_refused_before_it_is_parsed()
    {
        var decoded = SignalCodec.Decode(new byte[SignalCodec.MaxFrameBytes + 1]);

        Assert.Contains($"at most {SignalCodec.MaxFrameBytes}", decoded.Error, StringComparison.Ordinal);
    }

    private static bool Decodes(byte[] bytes)
    {
        var decoded = SignalCodec.Decode(bytes);
        return decoded.IsSuccess || decoded.Error.Length > 0;
    }
}
