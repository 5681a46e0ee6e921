namespace OmeSim.OmeApi.Migration;

/// <summary>VerifyPeer's 200 answer on the source: its view of both chains.</summary>
public sealed record VerifyPeerBody(PeerCheckView SourceCheck);
