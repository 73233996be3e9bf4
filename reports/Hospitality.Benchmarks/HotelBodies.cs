using System.Globalization;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;

namespace Hospitality.Benchmarks;

/// <summary>
/// Realistic room and reservation bodies for the engine benchmarks, shaped like the tests' hotel
/// examples (every optional field a front desk fills in), so validation, storage and encoding cost
/// what they cost in a hotel: a room is about 300 bytes of JSON, a reservation about 480.
/// Document <c>i</c> is a room when <c>i</c> is even and a reservation when it is odd.
/// </summary>
internal static class HotelBodies
{
    /// <summary>1 January 2026, 00:00 UTC, in Unix milliseconds: where generated stamps start.</summary>
    public const long Epoch = 1_767_225_600_000;

    private static readonly DocumentValidator Validator = new(HotelCollections.All);

    private static readonly string[] RoomStatuses = ["dirty", "clean", "inspected", "occupied", "available"];
    private static readonly string[] RoomTypes = ["standard", "deluxe", "king-suite", "twin"];
    private static readonly string[] ReservationStatuses = ["booked", "checked-in", "checked-out"];
    private static readonly string[] Channels = ["direct", "ota", "phone", "corporate"];
    private static readonly string[] Staff = ["tablet-front-desk", "maria.g", "tablet-housekeeping-2", "night-audit"];

    /// <summary>Document <paramref name="index"/>'s collection, id and body; <paramref name="version"/> changes its status and audit fields.</summary>
    public static (string Collection, string Id, string Body) Mixed(int index, int version = 0) =>
        index % 2 == 0
            ? ("rooms", RoomId(index / 2), Room(index / 2, version))
            : ("reservations", ReservationId(index / 2), Reservation(index / 2, version));

    /// <summary>
    /// <paramref name="count"/> distinct documents, each stamped by <paramref name="node"/> one
    /// millisecond after the previous, from <paramref name="firstWallMilliseconds"/>; every body is
    /// checked against the hotel schemas, so a benchmark never measures a refusal.
    /// </summary>
    public static Document[] Versions(int count, string node, long firstWallMilliseconds, int version = 0)
    {
        var documents = new Document[count];
        for (var i = 0; i < count; i++)
        {
            var (collection, id, body) = Mixed(i, version);
            documents[i] = new Document(collection, id, body, new HlcTimestamp(firstWallMilliseconds + i, 0, node), Deleted: false, node);
            EnsureValid(documents[i]);
        }

        return documents;
    }

    /// <summary>Throws if the hotel schemas refuse <paramref name="document"/>: a benchmark set up wrong must not run.</summary>
    public static void EnsureValid(Document document)
    {
        var result = Validator.Validate(document);
        if (!result.IsValid)
        {
            throw new DocumentValidationException(document.Collection, document.Id, result);
        }
    }

    private static string RoomId(int room) => "room-" + RoomNumber(room);

    // 40 rooms a floor from the first floor up: 101-140, 201-240, ...
    private static string RoomNumber(int room) => ((1 + (room / 40)) * 100 + 1 + (room % 40)).ToString(CultureInfo.InvariantCulture);

    private static string ReservationId(int reservation) => string.Create(CultureInfo.InvariantCulture, $"res-2026-{reservation:D6}");

    private static string Room(int room, int version)
    {
        var number = RoomNumber(room);
        var floor = 1 + (room / 40);
        var status = RoomStatuses[(room + version) % RoomStatuses.Length];
        var type = RoomTypes[room % RoomTypes.Length];
        var staff = Staff[(room + version) % Staff.Length];
        var minute = (room + version) % 60;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {"id":"room-{{number}}","number":"{{number}}","floor":{{floor}},"building":"Main","type":"{{type}}","status":"{{status}}","maxOccupancy":{{2 + (room % 3)}},"features":["sea-view","balcony","accessible"],"notes":"Guest reported a dripping tap.","updatedBy":"{{staff}}","updatedAt":"2026-01-01T09:{{minute:D2}}:07.123Z"}
            """);
    }

    private static string Reservation(int reservation, int version)
    {
        var room = reservation % 1000;
        var status = ReservationStatuses[(reservation + version) % ReservationStatuses.Length];
        var channel = Channels[reservation % Channels.Length];
        var day = 1 + (reservation % 25);
        var nights = 1 + (reservation % 4);
        var amount = 120.5m * nights + (reservation % 7);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {"id":"{{ReservationId(reservation)}}","guestId":"guest-{{reservation + 8000}}","roomId":"{{RoomId(room)}}","confirmationCode":"HX{{reservation:D6}}","checkIn":"2026-01-{{day:D2}}T15:00:00+01:00","checkOut":"2026-01-{{day + nights:D2}}T11:00:00+01:00","status":"{{status}}","adults":2,"children":{{reservation % 3}},"roomType":"deluxe","ratePlan":"BAR-FLEX","totalAmount":{{amount}},"currency":"EUR","channel":"{{channel}}","specialRequests":["late check-out","baby cot"],"notes":"Arriving by train around 14:30.","updatedBy":"{{Staff[version % Staff.Length]}}","updatedAt":"2026-01-01T08:{{version % 60:D2}}:00Z"}
            """);
    }
}
