using BenchmarkDotNet.Running;

// dotnet run -c Release --project reports/Hospitality.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
