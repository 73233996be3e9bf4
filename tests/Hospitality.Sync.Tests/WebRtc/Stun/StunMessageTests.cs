using System.Net;
using System.Text;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.Tests.WebRtc.Stun;

public sealed class StunMessageTests
{
    private static readonly byte[] Key = StunMessage.ShortTermKey("remote-password-of-22-chars");

    [Theory]
    [InlineData(StunClass.Request, 0x0001)]
    [InlineData(StunClass.Indication, 0x0011)]
    [InlineData(StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunClass.ErrorResponse, 0x0111)]
    public void Binding_types_have_their_rfc_values(StunClass stunClass, int wire)
    {
        var type = new StunMessageType(StunMethod.Binding, stunClass);

        Assert.Equal(wire, type.ToWire());
        Assert.Equal(type, StunMessageType.FromWire((ushort)wire));
    }

    [Fact]
    public void Method_bits_interleave_around_the_class_bits()
    {
        var type = new StunMessageType((StunMethod)0xFFF, StunClass.Request);

        Assert.Equal(0x3EEF, type.ToWire());
    }

    [Fact]
    public void A_chromium_style_request_skips_goog_network_info_and_still_verifies()
    {
        var request = StunBytes.WithIntegrity(StunBytes.Message(0x0001,
            StunBytes.Attribute(0x0006, Encoding.ASCII.GetBytes("abcd:wxyz")),
            StunBytes.Attribute(0xC057, 0x00, 0x01, 0x00, 0x0A),
            StunBytes.Attribute(0x802A, 1, 2, 3, 4, 5, 6, 7, 8),
            StunBytes.Attribute(0x0025),
            StunBytes.Attribute(0x0024, 0x6E, 0x7F, 0x1E, 0xFF)), Key);

        var message = StunMessage.Decode(request);

        Assert.Equal("abcd:wxyz", message.Username);
        Assert.Equal(0x0102030405060708ul, message.IceControlling);
        Assert.True(message.UseCandidate);
        Assert.Equal(0x6E7F1EFFu, message.Priority);
        Assert.Empty(message.UnrecognizedRequiredAttributes);
        Assert.True(message.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void Unknown_comprehension_required_attributes_are_reported_once_each()
    {
        var bytes = StunBytes.Message(0x0001,
            StunBytes.Attribute(0x0031, 1),
            StunBytes.Attribute(0x7FFF),
            StunBytes.Attribute(0x0031, 2));

        Assert.Equal([(ushort)0x0031, (ushort)0x7FFF], StunMessage.Decode(bytes).UnrecognizedRequiredAttributes);
    }

    [Fact]
    public void A_role_conflict_error_response_round_trips()
    {
        var response = new StunMessage
        {
            Type = StunMessageType.BindingError,
            TransactionId = new StunTransactionId(7, 9),
            ErrorCode = StunErrorCode.RoleConflict,
        };

        var decoded = StunMessage.Decode(response.Encode(Key));

        Assert.Equal(new StunErrorCode(487, "Role Conflict"), decoded.ErrorCode);
        Assert.Equal(StunClass.ErrorResponse, decoded.Type.Class);
    }

    [Fact]
    public void An_error_code_is_written_as_class_and_number()
    {
        var bytes = new StunMessage { Type = StunMessageType.BindingError, TransactionId = default, ErrorCode = new StunErrorCode(487, "") }
            .Encode(fingerprint: false);

        Assert.Equal(Hex.Bytes("0009 0004 0000 0457"), bytes[20..]);
    }

    [Theory]
    [InlineData("00000257", "class 2")]
    [InlineData("00000764", "class 7")]
    [InlineData("00000464", "number 100")]
    [InlineData("000004", "3 bytes")]
    public void An_impossible_error_code_is_refused(string value, string named)
    {
        var bytes = StunBytes.Message(0x0111, StunBytes.Attribute(0x0009, Hex.Bytes(value)));

        var error = Assert.Throws<StunFormatException>(() => StunMessage.Decode(bytes));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Attributes_after_message_integrity_are_ignored()
    {
        var bytes = StunBytes.WithIntegrity(StunBytes.Message(0x0001, StunBytes.Attribute(0x0006, (byte)'u')), Key);
        bytes = [.. bytes, .. StunBytes.Attribute(0x0024, 0, 0, 0, 9)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(bytes.Length - 20));

        var message = StunMessage.Decode(bytes);

        Assert.Null(message.Priority);
        Assert.True(message.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void An_attribute_after_the_fingerprint_is_refused()
    {
        var bytes = new StunMessage { Type = StunMessageType.BindingRequest, TransactionId = default }.Encode();
        bytes = [.. bytes, .. StunBytes.Attribute(0x8022, (byte)'x')];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(bytes.Length - 20));

        var error = Assert.Throws<StunFormatException>(() => StunMessage.Decode(bytes));
        Assert.Contains("follows FINGERPRINT", error.Message);
    }

    [Fact]
    public void A_wrong_fingerprint_is_refused()
    {
        var bytes = new StunMessage { Type = StunMessageType.BindingRequest, TransactionId = default, Priority = 1 }.Encode();
        bytes[^1] ^= 0xFF;

        var error = Assert.Throws<StunFormatException>(() => StunMessage.Decode(bytes));
        Assert.Contains("FINGERPRINT", error.Message);
    }

    [Theory]
    [InlineData("0001000021120000" + "0102030405060708090a0b0c", "magic cookie")]
    [InlineData("C00100002112a442" + "0102030405060708090a0b0c", "leading bits")]
    [InlineData("000100042112a442" + "0102030405060708090a0b0c", "does not match")]
    [InlineData("000100022112a442" + "0102030405060708090a0b0c" + "0000", "multiple of 4")]
    [InlineData("000100042112a442" + "0102030405060708090a0b0c" + "00060008", "claims 8 bytes")]
    [InlineData("000100082112a442" + "0102030405060708090a0b0c" + "0025000100000000", "USE-CANDIDATE is 1 bytes")]
    [InlineData("000100082112a442" + "0102030405060708090a0b0c" + "00200004 00030000", "unknown address family 3")]
    [InlineData("0001000c2112a442" + "0102030405060708090a0b0c" + "00200008 00020000 00000000", "family 2 needs 20")]
    [InlineData("000100082112a442" + "0102030405060708090a0b0c" + "00060002 c3280000", "not valid UTF-8")]
    [InlineData("0001", "shorter than the 20-byte")]
    public void Malformed_messages_are_refused_with_the_reason(string hex, string reason)
    {
        var error = Assert.Throws<StunFormatException>(() => StunMessage.Decode(Hex.Bytes(hex)));

        Assert.Contains(reason, error.Message);
        Assert.False(StunMessage.TryDecode(Hex.Bytes(hex), out _, out var text));
        Assert.Equal(error.Message, text);
    }

    [Fact]
    public void Only_the_first_of_a_repeated_attribute_counts()
    {
        var bytes = StunBytes.Message(0x0001, StunBytes.Attribute(0x0024, 0, 0, 0, 1), StunBytes.Attribute(0x0024, 0, 0, 0, 2));

        Assert.Equal(1u, StunMessage.Decode(bytes).Priority);
    }

    [Fact]
    public void Padding_bytes_may_hold_anything()
    {
        var bytes = StunBytes.Message(0x0001, [0x00, 0x06, 0x00, 0x01, (byte)'u', 0xFF, 0xFF, 0xFF]);

        Assert.Equal("u", StunMessage.Decode(bytes).Username);
    }

    [Fact]
    public void Dtls_and_rtp_datagrams_do_not_look_like_stun()
    {
        var stun = new StunMessage { Type = StunMessageType.BindingRequest, TransactionId = default }.Encode();
        var dtls = Hex.Bytes("16fefd000000000000000000010000000000000000000000");
        var rtp = Hex.Bytes("80602112a442000000000000000000000000000000000000");

        Assert.True(StunMessage.LooksLikeStun(stun));
        Assert.False(StunMessage.LooksLikeStun(dtls));
        Assert.False(StunMessage.LooksLikeStun(rtp));
    }

    [Fact]
    public void A_transaction_id_is_drawn_from_the_random_source()
    {
        var random = new CountingRandom();

        var id = StunTransactionId.New(random);

        Assert.Equal(new StunTransactionId(0x0001020304050607, 0x08090a0b), id);
    }

    [Fact]
    public void A_username_longer_than_the_limit_is_refused_when_encoding()
    {
        var message = new StunMessage { Type = StunMessageType.BindingRequest, TransactionId = default, Username = new string('a', 509) };

        Assert.Throws<ArgumentException>(() => message.Encode());
    }

    [Fact]
    public void Mapped_address_is_written_without_masking()
    {
        var message = new StunMessage
        {
            Type = StunMessageType.BindingSuccess,
            TransactionId = default,
            MappedAddress = new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000),
        };

        Assert.Equal(Hex.Bytes("0001 0008 0001 1388 0a000001"), message.Encode(fingerprint: false)[20..]);
    }

    /// <summary>Fills byte buffers with 0, 1, 2, ... so a test can tell exactly which bytes were used.</summary>
    private sealed class CountingRandom : Hospitality.Sync.Ports.IRandomSource
    {
        public int Next(int maxExclusive) => 0;

        public ulong NextUInt64() => 0;

        public double NextDouble() => 0;

        public void NextBytes(Span<byte> destination)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = (byte)i;
            }
        }
    }
}
