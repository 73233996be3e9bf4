using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>The decode cache finds a frame however many others came after it within its capacity, by its bytes alone, and never keeps more bytes than its budget.</summary>
public sealed class RecentlyDecodedTests
{
    private static byte[] Frame(int number, int length = 64)
    {
        var frame = new byte[length];
        BitConverter.TryWriteBytes(frame, number);
        return frame;
    }

    [Fact]
    public void A_frame_is_found_after_a_chain_of_other_frames_decoded_since()
    {
        var recent = new RecentlyDecoded<string>();
        recent.Add(Frame(0), "first");
        for (var i = 1; i < RecentlyDecoded<string>.Capacity; i++)
        {
            recent.Add(Frame(i), $"frame {i}");
        }

        Assert.Equal("first", recent.Find(Frame(0)));
        recent.Add(Frame(RecentlyDecoded<string>.Capacity), "one more");
        Assert.Null(recent.Find(Frame(0)));
        Assert.Equal("one more", recent.Find(Frame(RecentlyDecoded<string>.Capacity)));
    }

    [Fact]
    public void Equal_bytes_are_found_and_a_frame_differing_in_one_byte_or_its_length_is_not()
    {
        var recent = new RecentlyDecoded<string>();
        recent.Add(Frame(7), "seven");
        var changed = Frame(7);
        changed[^1] = 1;

        Assert.Equal("seven", recent.Find(Frame(7).AsSpan()));
        Assert.Null(recent.Find(changed));
        Assert.Null(recent.Find(Frame(7, 65)));
    }

    [Fact]
    public void The_bytes_kept_stay_within_the_budget_the_oldest_going_first()
    {
        var recent = new RecentlyDecoded<string>();
        var quarter = RecentlyDecoded<string>.CapacityBytes / 4;
        for (var i = 0; i < 5; i++)
        {
            recent.Add(Frame(i, quarter), $"frame {i}");
            Assert.True(recent.KeptBytes <= RecentlyDecoded<string>.CapacityBytes);
        }

        Assert.Null(recent.Find(Frame(0, quarter)));
        Assert.Equal("frame 1", recent.Find(Frame(1, quarter)));
        Assert.Equal("frame 4", recent.Find(Frame(4, quarter)));

        recent.Add(Frame(9, RecentlyDecoded<string>.CapacityBytes + 1), "too large");
        Assert.Null(recent.Find(Frame(9, RecentlyDecoded<string>.CapacityBytes + 1)));
        Assert.Equal("frame 4", recent.Find(Frame(4, quarter)));
    }
}
