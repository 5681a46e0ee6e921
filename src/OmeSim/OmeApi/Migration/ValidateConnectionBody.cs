namespace OmeSim.OmeApi.Migration;

/// <summary>ValidateConnection's 200 answer on the target: what each side saw.</summary>
public sealed record ValidateConnectionBody(
    string Result,
    string SourceAddress,
    int SourcePort,
    PeerCheckView TargetCheck,
    PeerCheckView SourceCheck)
{
    public const string Validated = "Validated";
}
