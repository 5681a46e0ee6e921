using OmeSim.Core.Messages;

namespace OmeSim.OmeApi.Migration;

/// <summary>ValidateConnection's answer: the body of a 200, or the error.</summary>
public sealed record MigrationOutcome(ValidateConnectionBody? Body, OmeError? Error);
