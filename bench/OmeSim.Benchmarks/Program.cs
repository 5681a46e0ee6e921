using BenchmarkDotNet.Running;
using OmeSim.Benchmarks;

// Each class carries its own short job ([Config]); the default config adds only loggers, exporters and columns.
// dotnet run -c Release --project bench/OmeSim.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args);
