using BenchmarkDotNet.Running;
using Hospitality.Benchmarks;

// dotnet run -c Release --project reports/Hospitality.Benchmarks -- --filter '*'
// dotnet run -c Release --project reports/Hospitality.Benchmarks -- webrtc [opens] [megabytes]
if (args is ["webrtc", ..])
{
    return await WebRtcLoopbackFigures.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 32);
}

// dotnet run -c Release --project reports/Hospitality.Benchmarks -- signaling [peers] [rooms] [messages per peer]
if (args is ["signaling", ..])
{
    int Arg(int at, int fallback) => args.Length > at ? int.Parse(args[at], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    return await SignalingLoadFigures.RunAsync(Arg(1, 1000), Arg(2, 100), Arg(3, 50));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
