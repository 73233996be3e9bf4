using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.Tests.WebRtc.Sdp;

/// <summary>What is written reads back the same, and no text from a peer makes the parser throw anything but its own error.</summary>
public sealed class SdpPropertyTests
{
    private static readonly char[] Noise = "\r\n =:aomvc0123456789/-.ABtyp".ToCharArray();

    [Property(MaxTest = 500)]
    public Property Every_description_survives_a_round_trip() =>
        Prop.ForAll(SessionDescriptions.Description.ToArbitrary(), description =>
            SessionDescription.Parse(description.ToString()).Equals(description));

    [Property(MaxTest = 500)]
    public Property Every_candidate_survives_a_round_trip() =>
        Prop.ForAll(SessionDescriptions.Candidate.ToArbitrary(), candidate =>
            IceCandidate.Parse(candidate.ToString()).Equals(candidate));

    [Property(MaxTest = 1_000)]
    public bool Random_text_raises_only_the_parsers_own_error(string? text) =>
        OnlySdpErrors(text ?? "") && OnlyCandidateErrors(text ?? "");

    [Property(MaxTest = 1_000)]
    public Property Mutated_descriptions_raise_only_the_parsers_own_error() =>
        Prop.ForAll(
            SessionDescriptions.Description.ToArbitrary(),
            Mutations,
            (description, change) =>
            {
                var (position, character, mutation) = change;
                var text = description.ToString();
                var index = (int)((uint)position % text.Length);
                var mutated = mutation switch
                {
                    0 => text.Remove(index, 1),
                    1 => text.Insert(index, character.ToString()),
                    2 => text[..index],
                    _ => text.Remove(index, 1).Insert(index, character.ToString()),
                };
                return OnlySdpErrors(mutated);
            });

    [Property(MaxTest = 1_000)]
    public Property Mutated_candidates_raise_only_the_parsers_own_error() =>
        Prop.ForAll(SessionDescriptions.Candidate.ToArbitrary(), ArbMap.Default.ArbFor<int>(), Gen.Elements(Noise).ToArbitrary(), (candidate, position, character) =>
        {
            var text = candidate.ToString();
            var index = (int)((uint)position % text.Length);
            return OnlyCandidateErrors(text.Remove(index, 1)) && OnlyCandidateErrors(text.Insert(index, character.ToString()));
        });

    /// <summary>Where to change the text, the character to put there, and how: delete, insert, truncate or replace.</summary>
    private static Arbitrary<(int Position, char Character, int Mutation)> Mutations { get; } =
        (from position in ArbMap.Default.GeneratorFor<int>()
         from character in Gen.Elements(Noise)
         from mutation in Gen.Choose(0, 3)
         select (position, character, mutation)).ToArbitrary();

    private static bool OnlySdpErrors(string text)
    {
        try
        {
            SessionDescription.Parse(text);
            return true;
        }
        catch (SdpFormatException exception)
        {
            return exception.Message.Length > 0;
        }
    }

    private static bool OnlyCandidateErrors(string text)
    {
        try
        {
            IceCandidate.Parse(text);
            return true;
        }
        catch (SdpFormatException exception)
        {
            return exception.Message.Length > 0;
        }
    }
}
