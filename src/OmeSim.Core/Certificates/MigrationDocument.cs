using OmeSim.Core.Messages;
using OmeSim.Core.Migration;

namespace OmeSim.Core.Certificates;

public sealed record MigrationDocument(bool Passed, string Reason, OmeErrorEnvelope? Answer, PeerChainResult? PeerCheck);
