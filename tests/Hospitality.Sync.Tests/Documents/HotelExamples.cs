namespace Hospitality.Sync.Tests.Documents;

/// <summary>One realistic, valid body per hotel collection, as a tablet would write it.</summary>
internal static class HotelExamples
{
    public const string Room = """
        {
          "id": "room-101",
          "number": "101",
          "floor": 1,
          "building": "Main",
          "type": "deluxe",
          "status": "dirty",
          "maxOccupancy": 3,
          "features": ["sea-view", "balcony", "accessible"],
          "notes": "Guest reported a dripping tap.",
          "updatedBy": "tablet-front-desk",
          "updatedAt": "2025-10-23T09:41:07.123Z"
        }
        """;

    public const string Reservation = """
        {
          "id": "res-2025-000123",
          "guestId": "guest-8842",
          "roomId": "room-101",
          "confirmationCode": "HX7Q2L",
          "checkIn": "2025-10-23T15:00:00+02:00",
          "checkOut": "2025-10-26T11:00:00+02:00",
          "status": "checked-in",
          "adults": 2,
          "children": 1,
          "roomType": "deluxe",
          "ratePlan": "BAR-FLEX",
          "totalAmount": 687.5,
          "currency": "EUR",
          "channel": "ota",
          "specialRequests": ["late check-out", "baby cot"],
          "notes": "Arriving by train around 14:30."
        }
        """;

    public const string Guest = """
        {
          "id": "guest-8842",
          "name": "Zoë Müller-Sánchez",
          "email": "zoe@example.org",
          "phone": "+49 30 1234567",
          "loyaltyTier": "gold",
          "vip": false,
          "language": "de-DE",
          "nationality": "DE",
          "preferences": ["high floor", "feather-free pillows", "sparkling water"],
          "allergies": ["peanuts"],
          "notes": "Prefers e-mail over phone calls."
        }
        """;

    public const string InventoryItem = """
        {
          "id": "inv-towel-bath-l2",
          "item": "Bath towel",
          "category": "linen",
          "location": "Linen room, level 2",
          "quantity": 50,
          "unit": "pieces",
          "reorderLevel": 20,
          "unitCost": 6.4,
          "updatedBy": "maria.g",
          "updatedAt": "2025-10-23T07:15:00Z"
        }
        """;

    public const string HousekeepingTask = """
        {
          "id": "hk-2025-10-23-101",
          "roomId": "room-101",
          "kind": "departure-clean",
          "status": "in-progress",
          "priority": "high",
          "assignedTo": "maria.g",
          "dueAt": "2025-10-23T14:00:00+02:00",
          "startedAt": "2025-10-23T11:05:00+02:00",
          "checklist": ["strip beds", "clean bathroom", "restock minibar"]
        }
        """;

    /// <summary>(collection, document id, body) for every collection.</summary>
    public static TheoryData<string, string, string> All => new()
    {
        { "rooms", "room-101", Room },
        { "reservations", "res-2025-000123", Reservation },
        { "guests", "guest-8842", Guest },
        { "inventory", "inv-towel-bath-l2", InventoryItem },
        { "housekeeping", "hk-2025-10-23-101", HousekeepingTask },
    };
}
