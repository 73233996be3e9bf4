using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

// Usage: CrashWriter <store file> <seed>
// Writes documents of varied sizes (local writes, pulled batches, outbox acknowledgements) and prints
// "ack N" only after the store returned, so every printed N is an acknowledged write.
var path = args[0];
var random = new Random(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
using var store = SqliteDocumentStore.OpenFile(path);
var output = Console.Out;
for (var i = 0; ; i++)
{
    var body = $$"""{"status":"clean","notes":"{{new string('x', random.Next(0, 4000))}}"}""";
    var document = new Document("rooms", $"room-{i}", body, new HlcTimestamp(1_700_000_000_000 + i, 0, "crash-writer"), Deleted: false, "crash-writer");
    if (i % 7 == 3)
    {
        store.PutPulled([document], "greengrass", checkpoint: i);
    }
    else
    {
        store.Put(document, queueForUpstream: true);
    }

    if (i % 11 == 5)
    {
        store.AcknowledgeOutbox(store.PeekOutbox(3).Select(entry => entry.Sequence));
    }

    output.WriteLine($"ack {i}");
    output.Flush();
}
