namespace OmeSim.Harness;

/// <summary>A rule with its counters, as the control plane lists it.</summary>
public sealed record FaultRuleView(
    int Id,
    string? Method,
    string Path,
    string? MessageId,
    int? Status,
    IReadOnlyList<string>? MessageArgs,
    bool Drop,
    int DelayMs,
    int Skip,
    int? Times,
    int Matches,
    int Hits,
    bool Exhausted);
