using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Access;
using Hospitality.Sync.Hosting.Access;
using Microsoft.Extensions.Time.Testing;

namespace Hospitality.Sync.Hosting.Tests.Access;

/// <summary>The signed tokens: what one carries comes back verified, and everything else is refused with a reason, never an exception.</summary>
public sealed class AccessTokensTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly AccessTokens _tokens;

    public AccessTokensTests() => _tokens = new AccessTokens(RandomNumberGenerator.GetBytes(32), _time);

    private AccessGrant Grant => new("hotel-a", "tablet-1", AccessRole.Device, _time.GetUtcNow().AddHours(8));

    [Fact]
    public void An_issued_token_verifies_to_the_property_device_role_and_expiry_it_was_issued_for()
    {
        var decision = _tokens.Verify(_tokens.Issue(Grant with { Role = AccessRole.Greengrass }));

        Assert.Equal(Grant with { Role = AccessRole.Greengrass }, decision.Grant);
    }

    [Fact]
    public void A_token_whose_claims_were_edited_no_longer_verifies()
    {
        var parts = _tokens.Issue(Grant).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("hotel-a", "hotel-b", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        var decision = _tokens.Verify(forged);

        Assert.False(decision.IsAllowed);
        Assert.Contains("signature does not verify", decision.Refusal);
    }

    [Fact]
    public void An_unsigned_token_is_refused_whatever_it_claims()
    {
        var parts = _tokens.Issue(Grant).Split('.');
        var header = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);

        Assert.False(_tokens.Verify($"{header}.{parts[1]}.").IsAllowed);
    }

    [Fact]
    public void A_token_is_refused_from_its_expiry_on()
    {
        var token = _tokens.Issue(Grant);
        _time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        Assert.True(_tokens.Verify(token).IsAllowed);

        _time.Advance(TimeSpan.FromSeconds(1));
        var decision = _tokens.Verify(token);

        Assert.False(decision.IsAllowed);
        Assert.False(decision.IsForbidden);
        Assert.Contains("expired at 2026-12-06T17:00:00", decision.Refusal);
    }

    [Fact]
    public void A_key_shorter_than_the_hash_is_refused_when_the_server_starts()
    {
        var error = Assert.Throws<ArgumentException>(() => new AccessTokens(new byte[16], _time));

        Assert.Contains("at least 32 bytes", error.Message);
    }

    [Fact]
    public void An_oversized_token_is_refused_unread()
    {
        Assert.Contains("at most 4096", _tokens.Verify(new string('a', 5000)).Refusal);
    }

    [Property(MaxTest = 300)]
    public Property Any_text_or_any_edit_of_a_real_token_is_refused_with_a_reason_and_never_throws() =>
        Prop.ForAll(Candidates().ToArbitrary(), candidate =>
        {
            var decision = _tokens.Verify(candidate);
            return decision.IsAllowed ? _tokens.Verify(candidate).Grant == Grant : !string.IsNullOrEmpty(decision.Refusal);
        });

    [Fact]
    public void Signaling_admits_a_device_into_its_own_property_s_room_only_and_only_as_itself()
    {
        var admission = new SignalingAdmission(_tokens);
        var token = _tokens.Issue(Grant);

        Assert.True(admission.Admit(token, "hotel-a", "tablet-1").IsAllowed);
        var otherProperty = admission.Admit(token, "hotel-b", "tablet-1");
        Assert.True(otherProperty.IsForbidden);
        Assert.Contains("property 'hotel-b'", otherProperty.Refusal);
        var impersonation = admission.Admit(token, "hotel-a", "tablet-2");
        Assert.True(impersonation.IsForbidden);
        Assert.Contains("'tablet-2'", impersonation.Refusal);
        Assert.Contains("no access token", admission.Admit(null, "hotel-a", "tablet-1").Refusal);
    }

    private Gen<string> Candidates()
    {
        var token = _tokens.Issue(Grant);
        var text = ArbMap.Default.GeneratorFor<string>().Select(random => random ?? string.Empty);
        var edited = from at in Gen.Choose(0, token.Length - 1)
                     from replacement in Gen.Elements('A', 'z', '.', '-', '_', '=', '0', '\u00e9')
                     select string.Concat(token.AsSpan(0, at), replacement.ToString(), token.AsSpan(at + 1));
        var cut = Gen.Choose(0, token.Length - 1).Select(length => token[..length]);
        var parts = Gen.ArrayOf(Gen.Elements("eyJ", "e30", ".", "..", "AAAA", token.Split('.')[0], token.Split('.')[1])).Select(pieces => string.Concat(pieces));
        return Gen.Frequency((2, text), (3, edited), (1, cut), (2, parts));
    }
}
