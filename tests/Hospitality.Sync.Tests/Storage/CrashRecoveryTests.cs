using System.Diagnostics;
using Hospitality.Sync.Storage;
using Microsoft.Data.Sqlite;

namespace Hospitality.Sync.Tests.Storage;

/// <summary>
/// A real process writes to a store file and is killed with SIGKILL at a random point; the file
/// must reopen cleanly and hold every write the process had acknowledged.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-crash-").FullName;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_killed_writer_never_loses_an_acknowledged_write(int seed)
    {
        var path = Path.Combine(_directory, $"store-{seed}.db");
        var killAfter = new Random(seed).Next(20, 400);
        var acknowledged = RunUntilKilled(path, seed, killAfter);

        using var reopened = SqliteDocumentStore.OpenFile(path);

        Assert.Equal("ok", IntegrityCheck(path));
        Assert.True(acknowledged >= killAfter, $"the writer acknowledged {acknowledged} writes");
        for (var i = 0; i < acknowledged; i++)
        {
            Assert.NotNull(reopened.Get("rooms", $"room-{i}"));
        }

        Assert.True(reopened.LastSequence >= acknowledged);
        var pulledCheckpoint = reopened.GetCheckpoint("greengrass");
        Assert.True(reopened.Get("rooms", $"room-{pulledCheckpoint}") is not null, "a checkpoint never runs ahead of its documents");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int RunUntilKilled(string path, int seed, int killAfter)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Hospitality.Sync.CrashWriter.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["exec", writer, path, seed.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var acknowledged = 0;
        while (acknowledged < killAfter && process.StandardOutput.ReadLine() is { } line)
        {
            Assert.Equal($"ack {acknowledged}", line);
            acknowledged++;
        }

        // Process.Kill sends SIGKILL on Linux: no finalizers, no flush, no chance to close the file.
        process.Kill();
        process.WaitForExit();

        // Writes acknowledged after we stopped reading but before the kill count too.
        while (process.StandardOutput.ReadLine() is { } line && line == $"ack {acknowledged}")
        {
            acknowledged++;
        }

        Assert.True(acknowledged > 0, process.StandardError.ReadToEnd());
        return acknowledged;
    }

    private static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
