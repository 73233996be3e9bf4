using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Hospitality.Sync.Hosting.Tests.Storage;

/// <summary>
/// A throw-away PostgreSQL cluster for the tests: initdb in a temp folder, started on a free
/// loopback port, stopped and deleted afterwards. PostgreSQL refuses to run as root, so as root it
/// runs as the postgres user (runuser). Where the binaries are absent, <see cref="Unavailable"/> says why.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private const string User = "hotel";

    private readonly string? _bin = FindBinaries();
    private readonly string _folder;
    private readonly bool _asPostgresUser = Environment.UserName == "root";
    private readonly int _port;
    private int _databases;

    public PostgresCluster()
    {
        _folder = Directory.CreateTempSubdirectory("pg-cluster-").FullName;
        if (_bin is null)
        {
            Unavailable = "PostgreSQL's binaries (initdb, pg_ctl) are not installed: looked in /usr/lib/postgresql/*/bin and PATH (apt-get install postgresql)";
            return;
        }

        if (_asPostgresUser)
        {
            Run("chown", "postgres", _folder);
        }

        _port = FreePort();
        var data = Path.Combine(_folder, "data");
        Run(Path.Combine(_bin, "initdb"), "-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync");
        Run(Path.Combine(_bin, "pg_ctl"), "-D", data, "-l", Path.Combine(_folder, "log"), "-w", "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /// <summary>Why there is no cluster; null when there is one.</summary>
    public string? Unavailable { get; }

    /// <summary>A connection string to a database of its own, created on first use.</summary>
    public string Database(string name)
    {
        var database = $"{name.Replace('-', '_')}_{Interlocked.Increment(ref _databases)}";
        using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            create.ExecuteNonQuery();
        }

        return ConnectionString(database);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={_port};Username={User};Database={database};Pooling=false";

    public void Dispose()
    {
        if (_bin is not null && Unavailable is null)
        {
            Run(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop");
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static string? FindBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(version => Path.Combine(version, "bin")).Where(bin => File.Exists(Path.Combine(bin, "initdb"))).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return installed ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, "initdb")));
    }

    private void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(_asPostgresUser && program != "chown" ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (_asPostgresUser && program != "chown")
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({(process.HasExited ? process.ExitCode : "timed out")}): {output.Result}{error.Result}");
        }
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
