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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
