using System.Buffers.Binary;

namespace Hospitality.Sim.Cli.Live;

/// <summary>The fields of an IPv4 header a link needs: who sent the packet, to whom, and its length on the wire (header included).</summary>
internal readonly record struct Ipv4Header(uint Source, uint Destination, int TotalLength)
{
    private const int MinimumBytes = 20;

    /// <summary>The header at the start of <paramref name="packet"/>, or null if it is not a whole IPv4 header.</summary>
    public static Ipv4Header? Read(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < MinimumBytes || packet[0] >> 4 != 4 || (packet[0] & 0xf) * 4 < MinimumBytes)
        {
            return null;
        }

        var total = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        return total < MinimumBytes ? null : new Ipv4Header(BinaryPrimitives.ReadUInt32BigEndian(packet[12..]), BinaryPrimitives.ReadUInt32BigEndian(packet[16..]), total);
    }
}
