using System.Net;
using Hospitality.Sync.Discovery;

namespace Hospitality.Sync.Tests.Discovery;

/// <summary>The packets a Greengrass and a device exchange: probe, announcement, browse with known answers, goodbye.</summary>
internal static class MdnsExamples
{
    public static readonly ServiceAdvertisement Greengrass = HospitalityServices.Greengrass("property-1", 8000);

    public static IReadOnlyList<MdnsRecord> GreengrassRecords { get; } =
    [
        MdnsRecord.ForAddress("greengrass.local", IPAddress.Parse("10.1.0.1"), TimeSpan.FromSeconds(120)),
        MdnsRecord.ForPointer(Greengrass.ServiceType, Greengrass.InstanceName, TimeSpan.FromMinutes(75)),
        MdnsRecord.ForService(Greengrass.InstanceName, "greengrass.local", 8000, TimeSpan.FromSeconds(120)),
        MdnsRecord.ForText(Greengrass.InstanceName, Greengrass.TextStrings, TimeSpan.FromMinutes(75)),
    ];

    public static IReadOnlyList<MdnsPacket> Packets { get; } =
    [
        new MdnsPacket(false, [new MdnsQuestion("greengrass.local", MdnsRecordKind.Any, UnicastResponse: true), new MdnsQuestion(Greengrass.InstanceName, MdnsRecordKind.Any)], [])
        {
            Authorities = [.. GreengrassRecords.Where(record => record.CacheFlush)],
        },
        MdnsPacket.Response([GreengrassRecords[1]], [GreengrassRecords[2], GreengrassRecords[3], GreengrassRecords[0]]),
        MdnsPacket.Query([new MdnsQuestion(HospitalityServices.SyncServiceType, MdnsRecordKind.Ptr)], [GreengrassRecords[1]]),
        MdnsPacket.Response([.. GreengrassRecords.Select(record => record.WithTtl(TimeSpan.Zero))], []),
        MdnsPacket.Query([new MdnsQuestion("greengrass.local", MdnsRecordKind.A)], []),
    ];
}
