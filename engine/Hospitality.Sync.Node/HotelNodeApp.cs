using System.Net;
using Hospitality.Sync.Hosting.Nodes;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.Node.Configuration;
using Hospitality.Sync.Node.Endpoints;
using Hospitality.Sync.Node.Service;
using Hospitality.Sync.Node.Startup;
using Hospitality.Sync.Node.Workload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hospitality.Sync.Node;

/// <summary>
/// The hotel-node process: a Greengrass, the cloud or a device on Kestrel, configured by
/// appsettings.json, HOTELNODE_* environment variables and the command line.
/// </summary>
public static class HotelNodeApp
{
    /// <summary>Exit codes, as hsim's: 0 stopped cleanly, 1 failed while running, 2 bad configuration.</summary>
    public const int ExitOk = 0;

    public const int ExitFailed = 1;

    public const int ExitBadInput = 2;

    public static async Task<int> RunAsync(string[] args, Action<Uri>? started = null, CancellationToken cancellationToken = default)
    {
        WebApplication app;
        NodeSettings settings;
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddEnvironmentVariables("HOTELNODE_");
            builder.Configuration.AddCommandLine(args, NodeSettings.Switches);
            var (read, errors) = NodeSettings.Read(builder.Configuration);
            if (read is null)
            {
                await Console.Error.WriteLineAsync("hotel-node: bad configuration (appsettings.json, HOTELNODE_* environment, command line):");
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync($"  {error}");
                }

                return ExitBadInput;
            }

            settings = read;
            if (settings.Precompile)
            {
                var (compiled, failed) = CodePrecompiler.Run(AppContext.BaseDirectory);
                await Console.Out.WriteLineAsync($"hotel-node {settings.NodeId}: compiled {compiled} methods before serving ({failed} could not be)");
            }

            // Structured: the console logger's formatter comes from Logging:Console (json in appsettings.json).
            builder.Logging.ClearProviders();
            builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
            builder.Logging.AddConsole();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(settings.Listen, settings.Port));
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = settings.DrainTimeout + TimeSpan.FromSeconds(5));
            builder.Services.AddSingleton(settings);
            builder.Services.AddSingleton(new NodeAccess(settings));
            var listener = settings.Role == NodeRole.Device ? null : new WebSocketListener(new IPEndPoint(settings.Listen, settings.Port));
            builder.Services.AddSingleton(new WebSocketNetwork(listener));
            builder.Services.AddSingleton<NodeService>();
            builder.Services.AddHostedService(services => services.GetRequiredService<NodeService>());
            builder.Services.AddHostedService<DeviceWorkloadAgent>();
            app = builder.Build();
            app.MapNodeEndpoints();
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or IOException)
        {
            await Console.Error.WriteLineAsync($"hotel-node: cannot start: {exception.Message}");
            return ExitBadInput;
        }

        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            started?.Invoke(new Uri(address));
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitOk;
        }
        catch (Exception exception) when (exception is IOException or Microsoft.Data.Sqlite.SqliteException or Hospitality.Sync.Storage.StoreException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"hotel-node {settings.Role.ToString().ToLowerInvariant()} {settings.NodeId}: failed: {exception.Message}");
            return ExitFailed;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
