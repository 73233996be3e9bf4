using System.Globalization;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Node.Service;

/// <summary>
/// One line per version the node stores, its own writes and what it merged: wall-clock microseconds
/// since the Unix epoch, the HLC stamp and the writer. Processes on one machine share that clock, so
/// joining the logs of every node by stamp gives each write's propagation per path (hsim live).
/// Written on the node's run loop (the replica's Changed event), flushed when the node stops.
/// </summary>
internal sealed class StoredLog(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(path, append: true) { AutoFlush = false };

    public void Record(IReadOnlyList<StoredChange> changes)
    {
        var micros = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;
        foreach (var change in changes)
        {
            _writer.Write(micros.ToString(CultureInfo.InvariantCulture));
            _writer.Write('\t');
            _writer.Write(change.Document.Stamp.ToString());
            _writer.Write('\t');
            _writer.Write(change.Document.OriginNode);
            _writer.Write('\n');
        }
    }

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
