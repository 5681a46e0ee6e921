using System.Text.Json.Serialization;

namespace OmeSim.Core.Messages;

public sealed record OmeErrorBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("@Message.ExtendedInfo")] IReadOnlyList<OmeExtendedInfo> ExtendedInfo);
