using OmeSim.Core.Messages;

namespace OmeSim.Harness;

/// <summary>What a firing rule does: wait, then drop, answer an OME error, or (neither) let the request through.</summary>
public sealed record FaultAction(int RuleId, int DelayMs, bool Drop, OmeError? Error);
