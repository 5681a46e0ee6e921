using System.Text.Json.Serialization;
using OmeSim.Core.Messages;

namespace OmeSim.OmeApi.Migration;

/// <summary>VerifyPeer's 400 on the source when its check failed: OME's CMIG1001 envelope, and beside it the source's view of both chains.</summary>
public sealed record VerifyPeerRefusal([property: JsonPropertyName("error")] OmeErrorBody Error, PeerCheckView SourceCheck);
