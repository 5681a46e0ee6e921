using OmeSim.Core.Migration;

namespace OmeSim.OmeApi.Migration;

/// <summary>One side's peer-chain check as it answers it: who checked which chain, on whose clock, and both paths it built.</summary>
public sealed record PeerCheckView(
    string CheckedBy,
    string Appliance,
    string Checked,
    DateTimeOffset CheckedAt,
    bool Passed,
    PeerCheckFailure Failure,
    string Reason,
    IReadOnlyList<PathElement> OwnChain,
    IReadOnlyList<PathElement> PeerChain)
{
    public const string Source = "Source";
    public const string Target = "Target";
    public const string SourceServerChain = "The source's server certificate chain, as presented in the TLS handshake";
    public const string TargetClientChain = "The target's client certificate chain, as presented in the TLS handshake";

    public static PeerCheckView From(string side, string appliance, PeerChainResult result) => new(
        side,
        appliance,
        side == Target ? SourceServerChain : TargetClientChain,
        result.CheckedAt,
        result.Passed,
        result.Failure,
        result.Reason,
        result.OwnPath,
        result.PeerPath);
}
