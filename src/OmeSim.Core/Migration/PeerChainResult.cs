using System.Text.Json.Serialization;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Migration;

/// <summary>The outcome of <see cref="PeerChainCheck.Check"/>, with both paths for reporting.</summary>
public sealed record PeerChainResult(
    PeerCheckFailure Failure,
    string Reason,
    DateTimeOffset CheckedAt,
    IReadOnlyList<PathElement> OwnPath,
    IReadOnlyList<PathElement> PeerPath)
{
    public bool Passed => Failure == PeerCheckFailure.None;

    /// <summary>What OME answers when the check fails (CMIG1001, modelled id); null when it passed.</summary>
    [JsonIgnore]
    public OmeError? Error => Passed ? null : OmeError.Of(MessageRegistry.CMIG1001);
}
