using System.Net;
using System.Text.Json;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;
using OmeSim.Logging;

namespace OmeSim.OmeApi.Migration;

/// <summary>
/// One validation's outcomes: each is logged with its reason on the target and recorded as the target's last validation
/// (GET MigrationService/ConnectionValidation). Never logs or records the password.
/// </summary>
internal sealed class MigrationAttempt(ApplicationLog log, ConnectionValidations validations, TimeProvider clock, string targetName,
    MigrationRequest request)
{
    private const string TargetSide = PeerCheckView.Target;
    private const string SourceSide = PeerCheckView.Source;

    /// <summary>The target's check of the source's chain, once made: in every later outcome's record.</summary>
    private PeerCheckView? _targetCheck;

    private string Prefix => $"validateConnection(): source {request.Endpoint} (user {request.SourceUserName}): ";

    public MigrationOutcome Injected(OmeError error)
    {
        var reason = $"answered {error.MessageId} by a fault rule of the control plane; the source was not contacted.";
        log.Error(MigrationClient.Logger, Prefix + reason);
        return Failed(error, null, reason);
    }

    public MigrationOutcome Unreachable(string why)
    {
        var reason = $"the source cannot be reached: {why}.";
        log.Error(MigrationClient.Logger, Prefix + reason);
        return Failed(OmeError.Of(MessageRegistry.CGEN1008, request.Endpoint), null, reason);
    }

    public MigrationOutcome HandshakeFailed(string why) => Refused(null, $"the TLS handshake with the source failed: {why}");

    /// <summary>The target checked the source's server chain: a failure ends the validation before any credential is sent.</summary>
    public MigrationOutcome? Checked(PeerChainResult check)
    {
        _targetCheck = PeerCheckView.From(TargetSide, targetName, check);
        return check.Passed
            ? null
            : Refused(TargetSide, $"the target's check of the source's server chain failed: {check.Reason} "
                + "The source's credentials were not sent.");
    }

    public MigrationOutcome Answered(HttpStatusCode status, string body)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            const string reason = "the source refused the credentials (401 CGEN1001); the target's check of the source's chain had passed.";
            log.Error(MigrationClient.Logger, Prefix + reason);
            // Status 400 and no challenge: the caller's own credentials for the target were fine.
            return Failed(OmeError.Of(MessageRegistry.CGEN1001).WithStatus(StatusCodes.Status400BadRequest), null, reason);
        }
        var messageId = MessageIdOf(body);
        if (status == HttpStatusCode.BadRequest && messageId == MessageRegistry.MigrationFailureId)
        {
            return Refused(SourceSide, "the source's check of the target's client chain failed (the source answered CMIG1001; its application.log "
                + "has the reason); the target's check of the source's chain had passed.", Parse<VerifyPeerRefusal>(body)?.SourceCheck);
        }
        if (status == HttpStatusCode.OK && Parse<VerifyPeerBody>(body) is { SourceCheck: { } sourceCheck } && _targetCheck is { } targetCheck)
        {
            log.Info(MigrationClient.Logger, Prefix + $"connection validated. Target check of the source's server chain at "
                    + $"{MigrationClient.Stamp(targetCheck.CheckedAt)}: {targetCheck.Reason} "
                + $"Source check of the target's client chain at {MigrationClient.Stamp(sourceCheck.CheckedAt)}: {sourceCheck.Reason}");
            validations.Record(Record(ValidateConnectionBody.Validated, null, null, "Both checks passed.", sourceCheck));
            return new(new ValidateConnectionBody(ValidateConnectionBody.Validated, request.SourceAddress!, request.Port, targetCheck, sourceCheck), null);
        }
        return Unreachable($"the source answered VerifyPeer with HTTP {(int)status}{(messageId is null ? "" : " " + messageId)}, not an answer "
                + $"migration understands");
    }

    private MigrationOutcome Refused(string? failedCheck, string why, PeerCheckView? sourceCheck = null)
    {
        log.Error(MigrationClient.Logger, Prefix + "Unable to mutually authenticate: " + why);
        return Failed(OmeError.Of(MessageRegistry.CMIG1001), failedCheck, why, sourceCheck);
    }

    private MigrationOutcome Failed(OmeError error, string? failedCheck, string reason, PeerCheckView? sourceCheck = null)
    {
        validations.Record(Record(ConnectionValidationBody.Failed, error.MessageId, failedCheck, reason, sourceCheck));
        return new(null, error);
    }

    private ConnectionValidationBody Record(string result, string? messageId, string? failedCheck, string reason, PeerCheckView? sourceCheck) =>
        ConnectionValidationBody.None with
        {
            Result = result,
            SourceAddress = request.SourceAddress,
            SourcePort = request.Port,
            ValidatedAt = clock.GetUtcNow(),
            MessageId = messageId,
            FailedCheck = failedCheck,
            Reason = reason,
            TargetCheck = _targetCheck,
            SourceCheck = sourceCheck,
        };

    private static T? Parse<T>(string body) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, OmeJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? MessageIdOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error)
                && error.TryGetProperty("@Message.ExtendedInfo", out var info)
                && info.ValueKind == JsonValueKind.Array && info.GetArrayLength() > 0
                && info[0].TryGetProperty("MessageId", out var id)
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
