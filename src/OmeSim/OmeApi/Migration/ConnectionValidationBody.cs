using System.Text.Json.Serialization;

namespace OmeSim.OmeApi.Migration;

/// <summary>
/// GET MigrationService/ConnectionValidation (modelled): the last ValidateConnection this target ran — its result, which
/// side's check failed and why, and each check that was made, both chains level by level.
/// </summary>
public sealed record ConnectionValidationBody(
    [property: JsonPropertyName("@odata.context")] string Context,
    [property: JsonPropertyName("@odata.id")] string Id,
    string Result,
    string? SourceAddress,
    int? SourcePort,
    DateTimeOffset? ValidatedAt,
    string? MessageId,
    string? FailedCheck,
    string? Reason,
    PeerCheckView? TargetCheck,
    PeerCheckView? SourceCheck)
{
    public const string ApiPath = "api/MigrationService/ConnectionValidation";
    public const string NotValidated = "NotValidated";
    public const string Failed = "Failed";

    /// <summary>Before the first validation, and after a reset.</summary>
    public static readonly ConnectionValidationBody None = new(
        "/api/$metadata#MigrationService.ConnectionValidation", "/" + ApiPath, NotValidated, null, null, null, null, null, null, null, null);
}
