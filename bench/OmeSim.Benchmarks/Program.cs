using BenchmarkDotNet.Running;
using OmeSim.Benchmarks;

// dotnet run -c Release --project bench/OmeSim.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
