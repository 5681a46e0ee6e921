namespace OmeSim.Core.Messages;

public sealed record OmeExtendedInfo(
    string MessageId,
    IReadOnlyList<string> RelatedProperties,
    string Message,
    IReadOnlyList<string> MessageArgs,
    string Severity,
    string Resolution);
