namespace OmeSim.Core.Messages;

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
