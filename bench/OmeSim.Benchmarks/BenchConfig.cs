using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace OmeSim.Benchmarks;

/// <summary>
/// Short, in-process runs: the machine is shared and has no network, so no generated project is built, and
/// a whole run takes minutes. Ratios to the baseline in the same class are what count, not absolute times.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(12)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
            .WithId("Short"));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, BaselineRatioColumn.RatioMean, new MedianRatioColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
        SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Value);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}

/// <summary>Single-invocation iterations, for operations that cost tens to hundreds of milliseconds or need per-call setup.</summary>
public sealed class SingleCallConfig : ManualConfig
{
    public SingleCallConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(30)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("SingleCall"));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, BaselineRatioColumn.RatioMean, new MedianRatioColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}

/// <summary>Median of a benchmark over the median of its class's baseline: the targets are medians.</summary>
public sealed class MedianRatioColumn : IColumn
{
    public string Id => nameof(MedianRatioColumn);
    public string ColumnName => "MedianRatio";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Baseline;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Median of this benchmark / median of the baseline of its class";

    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var own = summary[benchmarkCase]?.ResultStatistics?.Median;
        var reference = baseline is null ? null : summary[baseline]?.ResultStatistics?.Median;
        return own is null || reference is null or 0 ? "-" : (own.Value / reference.Value).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkDotNet.Running.BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
