using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.Tests.WebRtc.Stun;

/// <summary>The sample messages of RFC 5769, which exercise FINGERPRINT, MESSAGE-INTEGRITY and XOR-MAPPED-ADDRESS.</summary>
public sealed class StunRfc5769VectorTests
{
    private const string Password = "VOkJxbRl1RmTxUk/WvJxBt";

    // RFC 5769 section 2.1. The USERNAME is padded with spaces, which a receiver must ignore.
    private static readonly byte[] SampleRequest = Hex.Bytes("""
        00010058 2112a442 b7e7a701 bc34d686 fa87dfae
        80220010 5354554e 20746573 7420636c 69656e74
        00240004 6e0001ff
        80290008 932ff9b1 51263b36
        00060009 6576746a 3a683676 59202020
        00080014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
        80280004 e57a3bcf
        """);

    // RFC 5769 section 2.2.
    private static readonly byte[] SampleIPv4Response = Hex.Bytes("""
        0101003c 2112a442 b7e7a701 bc34d686 fa87dfae
        8022000b 74657374 20766563 746f7220
        00200008 0001a147 e112a643
        00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
        80280004 c07d4c96
        """);

    // RFC 5769 section 2.3.
    private static readonly byte[] SampleIPv6Response = Hex.Bytes("""
        01010048 2112a442 b7e7a701 bc34d686 fa87dfae
        8022000b 74657374 20766563 746f7220
        00200014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9
        00080014 a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41
        80280004 c8fb0b4c
        """);

    // RFC 5769 section 2.4: long-term credentials, with USERNAME, NONCE and REALM and no FINGERPRINT.
    private static readonly byte[] SampleLongTermRequest = Hex.Bytes("""
        00010060 2112a442 78ad3433 c6ad72c0 29da412e
        00060012 e3839ee3 8388e383 aae38383 e382afe3 82b90000
        0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341
        0014000b 6578616d 706c652e 6f726700
        00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666
        """);

    [Fact]
    public void The_sample_request_decodes_with_its_ice_attributes_and_verifies()
    {
        var message = StunMessage.Decode(SampleRequest);

        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal(new StunTransactionId(0xb7e7a701bc34d686, 0xfa87dfae), message.TransactionId);
        Assert.Equal("STUN test client", message.Software);
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.Equal(0x932ff9b151263b36ul, message.IceControlled);
        Assert.Null(message.IceControlling);
        Assert.Equal("evtj:h6vY", message.Username);
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyMessageIntegrity(StunMessage.ShortTermKey(Password)));
        Assert.Empty(message.UnrecognizedRequiredAttributes);
    }

    [Fact]
    public void The_sample_request_fails_integrity_under_another_password()
    {
        var message = StunMessage.Decode(SampleRequest);

        Assert.False(message.VerifyMessageIntegrity(StunMessage.ShortTermKey(Password + "x")));
    }

    [Fact]
    public void The_ipv4_response_unmasks_its_xor_mapped_address()
    {
        var message = StunMessage.Decode(SampleIPv4Response);

        Assert.Equal(StunMessageType.BindingSuccess, message.Type);
        Assert.Equal("test vector", message.Software);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), message.XorMappedAddress);
        Assert.True(message.VerifyMessageIntegrity(StunMessage.ShortTermKey(Password)));
    }

    [Fact]
    public void The_ipv6_response_unmasks_its_address_with_cookie_and_transaction_id()
    {
        var message = StunMessage.Decode(SampleIPv6Response);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), message.XorMappedAddress);
        Assert.True(message.VerifyMessageIntegrity(StunMessage.ShortTermKey(Password)));
    }

    [Fact]
    public void The_long_term_request_reports_nonce_and_realm_as_not_understood_and_verifies_with_the_md5_key()
    {
        var message = StunMessage.Decode(SampleLongTermRequest);

        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", message.Username);
        Assert.Equal([(ushort)0x0015, (ushort)0x0014], message.UnrecognizedRequiredAttributes);
        Assert.False(message.HasFingerprint);
        var key = MD5.HashData(Encoding.UTF8.GetBytes(message.Username + ":example.org:TheMatrIX"));
        Assert.True(message.VerifyMessageIntegrity(key));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Re_encoding_a_vector_keeps_every_field_and_its_integrity(string name)
    {
        var original = StunMessage.Decode(VectorNamed(name));
        var key = StunMessage.ShortTermKey(Password);

        var again = StunMessage.Decode(original.Encode(key));

        Assert.True(StunMessages.SameFields(original, again));
        Assert.True(again.VerifyMessageIntegrity(key));
        Assert.True(again.HasFingerprint);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Changing_any_byte_of_a_fingerprinted_vector_is_detected(string name)
    {
        var vector = VectorNamed(name);
        for (var i = 0; i < vector.Length; i++)
        {
            var corrupted = vector.ToArray();
            corrupted[i] ^= 0x01;
            var decoded = StunMessage.TryDecode(corrupted, out var message, out _);
            Assert.True(!decoded || !message!.HasFingerprint, $"a flipped bit in byte {i} went unnoticed");
        }
    }

    public static TheoryData<string> Vectors => new() { "request", "ipv4-response", "ipv6-response" };

    private static byte[] VectorNamed(string name) => name switch
    {
        "request" => SampleRequest,
        "ipv4-response" => SampleIPv4Response,
        _ => SampleIPv6Response,
    };
}
