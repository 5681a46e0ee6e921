using System.Text.Json.Serialization;

namespace OmeSim.Core.Messages;

/// <summary>OME's error envelope: <c>{"error":{"code","message","@Message.ExtendedInfo":[...]}}</c>, keys in OME's order.</summary>
public sealed record OmeErrorEnvelope([property: JsonPropertyName("error")] OmeErrorBody Error);

public sealed record OmeErrorBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("@Message.ExtendedInfo")] IReadOnlyList<OmeExtendedInfo> ExtendedInfo);

public sealed record OmeExtendedInfo(
    string MessageId,
    IReadOnlyList<string> RelatedProperties,
    string Message,
    IReadOnlyList<string> MessageArgs,
    string Severity,
    string Resolution);

/// <summary>An OME error answer: a registry message, its arguments and the HTTP status it goes out with.</summary>
public sealed record OmeError(OmeMessage Definition, IReadOnlyList<string> Args, int HttpStatus)
{
    public const string GeneralErrorCode = "Base.1.0.GeneralError";
    public const string GeneralErrorMessage = "A general error has occurred. See ExtendedInfo for more information.";

    public string MessageId => Definition.MessageId;

    public static OmeError Of(OmeMessage definition, params string[] args) => new(definition, args, definition.HttpStatus);

    public OmeError WithStatus(int status) => this with { HttpStatus = status };

    public OmeErrorEnvelope ToEnvelope() => new(new OmeErrorBody(
        GeneralErrorCode,
        GeneralErrorMessage,
        [new OmeExtendedInfo(Definition.MessageId, [], Definition.Format(Args), Args, Definition.Severity, Definition.Resolution)]));

    /// <summary>The envelope as OME's bytes (the one shared serializer setting).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(ToEnvelope(), OmeJson.Options);
}
