using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hospitality.Sync.Hosting.RunLoop;

/// <summary>
/// Linux's per-thread scheduler statistics (<c>/proc/thread-self/schedstat</c>: nanoseconds on a CPU,
/// nanoseconds runnable on a run queue, time slices), read by the thread they describe through a
/// handle kept open, so a read is one pread and no path lookup.
/// </summary>
internal sealed class SchedulerStatistics : IDisposable
{
    // Three decimal numbers of at most 20 digits, two spaces and a newline.
    private const int MaxBytes = 64;

    private readonly SafeFileHandle _file;
    private readonly byte[] _buffer = new byte[MaxBytes];

    private SchedulerStatistics(SafeFileHandle file) => _file = file;

    /// <summary>The calling thread's statistics; null where the OS has none to give.</summary>
    public static SchedulerStatistics? OpenForCurrentThread()
    {
        try
        {
            var file = File.OpenHandle("/proc/thread-self/schedstat");
            var statistics = new SchedulerStatistics(file);
            if (statistics.Read() is null)
            {
                statistics.Dispose();
                return null;
            }

            return statistics;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Nanoseconds on a CPU and runnable so far; null if the file stopped making sense.</summary>
    public (long OnCpu, long Runnable)? Read()
    {
        try
        {
            var length = RandomAccess.Read(_file, _buffer, 0);
            return Parse(Encoding.ASCII.GetString(_buffer, 0, length));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The first two of the file's three numbers; null for anything else, never an exception.</summary>
    public static (long OnCpu, long Runnable)? Parse(string text)
    {
        // Digits only: long.TryParse would also take the trailing NULs no real file has.
        var fields = text.TrimEnd('\n').Split(' ');
        return fields.Length == 3
            && fields.All(field => field.Length > 0 && field.All(char.IsAsciiDigit))
            && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var onCpu)
            && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var runnable)
            && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? (onCpu, runnable)
            : null;
    }

    public void Dispose() => _file.Dispose();
}
