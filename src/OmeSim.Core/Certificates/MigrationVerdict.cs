using OmeSim.Core.Messages;
using OmeSim.Core.Migration;

namespace OmeSim.Core.Certificates;

/// <summary>What the checked file means for migration: the peer check and/or validity at a given time.</summary>
public sealed record MigrationVerdict(bool Passed, string Reason, PeerChainResult? Peer, OmeError? Error);
