using System.Text;

namespace Hospitality.Sync.Hosting.Tests.RxDb;

/// <summary>Reads server-sent events off a response stream: the data of each event, comments skipped, null at the end of the stream.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public async Task<string?> NextDataAsync()
    {
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync().WaitAsync(Patience) is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
            {
                return data.ToString();
            }

            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]);
            }
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();
}
