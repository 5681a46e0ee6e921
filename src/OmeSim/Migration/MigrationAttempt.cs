using System.Net;
using System.Text.Json;
using OmeSim.Contracts;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;
using OmeSim.Logging;

namespace OmeSim.Migration;

/// <summary>One validation's outcomes, each logged with its reason on the target. Never logs the password.</summary>
internal sealed class MigrationAttempt(ApplicationLog log, string targetName, MigrationRequest request)
{
    private string Prefix => $"validateConnection(): source {request.Endpoint} (user {request.SourceUserName}): ";

    public PeerChainResult? TargetCheck { get; set; }

    public MigrationOutcome Injected(OmeError error)
    {
        log.Error(MigrationClient.Logger, Prefix + $"answered {error.MessageId} by a fault rule of the control plane; the source was not contacted.");
        return new(null, error);
    }

    public MigrationOutcome Unreachable(string why)
    {
        log.Error(MigrationClient.Logger, Prefix + $"the source cannot be reached: {why}.");
        return new(null, OmeError.Of(MessageRegistry.CGEN1008, request.Endpoint));
    }

    public MigrationOutcome Refused(string why)
    {
        log.Error(MigrationClient.Logger, Prefix + "Unable to mutually authenticate: " + why);
        return new(null, OmeError.Of(MessageRegistry.CMIG1001));
    }

    public MigrationOutcome Answered(HttpStatusCode status, string body)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            log.Error(MigrationClient.Logger, Prefix + "the source refused the credentials (401 CGEN1001); the target's check of the source's chain "
                    + "had passed.");
            // Status 400 and no challenge: the caller's own credentials for the target were fine.
            return new(null, OmeError.Of(MessageRegistry.CGEN1001).WithStatus(StatusCodes.Status400BadRequest));
        }
        var messageId = MessageIdOf(body);
        if (status == HttpStatusCode.BadRequest && messageId == MessageRegistry.MigrationFailureId)
        {
            return Refused("the source's check of the target's client chain failed (the source answered CMIG1001; its application.log has the "
                    + "reason); the target's check of the source's chain had passed.");
        }
        if (status == HttpStatusCode.OK && Parse(body) is { SourceCheck: { } sourceCheck })
        {
            var targetView = PeerCheckView.From(PeerCheckView.Target, targetName, TargetCheck!);
            log.Info(MigrationClient.Logger, Prefix + $"connection validated. Target check of the source's server chain at "
                    + $"{MigrationClient.Stamp(TargetCheck!.CheckedAt)}: {TargetCheck.Reason} "
                + $"Source check of the target's client chain at {MigrationClient.Stamp(sourceCheck.CheckedAt)}: {sourceCheck.Reason}");
            return new(new ValidateConnectionBody(ValidateConnectionBody.Validated, request.SourceAddress!, request.Port, targetView, sourceCheck), null);
        }
        return Unreachable($"the source answered VerifyPeer with HTTP {(int)status}{(messageId is null ? "" : " " + messageId)}, not an answer "
                + $"migration understands");
    }

    private static VerifyPeerBody? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<VerifyPeerBody>(body, OmeJson.Options);
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
