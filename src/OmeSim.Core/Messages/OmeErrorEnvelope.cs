using System.Text.Json.Serialization;

namespace OmeSim.Core.Messages;

/// <summary>OME's error envelope: <c>{"error":{"code","message","@Message.ExtendedInfo":[...]}}</c>, keys in OME's order.</summary>
public sealed record OmeErrorEnvelope([property: JsonPropertyName("error")] OmeErrorBody Error);
