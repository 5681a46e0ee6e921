namespace OmeSim.Core.Messages;

/// <summary>Every OME MessageId OmeSim answers with. Nothing else defines error text.</summary>
public static class MessageRegistry
{
    /// <summary>HTTP status of certificate upload failures: not published by Dell, modelled as 400 (other OME validation errors are 400).</summary>
    public const int CertificateUploadErrorStatus = 400;

    /// <summary>The MessageId OmeSim uses for the migration mutual-authentication failure; Dell does not publish it (modelled).</summary>
    public const string MigrationFailureId = "CMIG1001";

    public static readonly OmeMessage CGEN1001 = new(
        "CGEN1001",
        "Unable to complete the operation because the user is not authenticated.",
        "Log in with valid credentials and retry the operation.",
        "Critical",
        401);

    public static readonly OmeMessage CGEN1006 = new(
        "CGEN1006",
        "Unable to complete the request because the resource URI does not exist or is not implemented.",
        "Enter a valid URI and retry the operation.",
        "Critical",
        404);

    public static readonly OmeMessage CGEN1008 = new(
        "CGEN1008",
        "Unable to process the request because an error occurred.",
        "Retry the operation. If the issue persists, contact your system administrator.",
        "Critical",
        CertificateUploadErrorStatus);

    public static readonly OmeMessage CGEN6002 = new(
        "CGEN6002",
        "Unable to complete the request because the input value for {0} is missing or an invalid value is entered.",
        "Enter a valid value and retry the operation.",
        "Critical",
        400);

    public static readonly OmeMessage CSEC9002 = new(
        "CSEC9002",
        "Unable to upload the certificate because the certificate file provided is invalid.",
        "Make sure the CA certificate and private key are correct and retry the operation.",
        "Critical",
        CertificateUploadErrorStatus);

    public static readonly OmeMessage CMIG1001 = new(
        MigrationFailureId,
        "Unable to mutually authenticate and connect to the remote appliance.",
        "Please check the source and target appliances has valid certificate chain uploaded which are signed by the same CA.",
        "Critical",
        400);

    /// <summary>All messages by MessageId.</summary>
    public static readonly IReadOnlyDictionary<string, OmeMessage> All =
        new[] { CGEN1001, CGEN1006, CGEN1008, CGEN6002, CSEC9002, CMIG1001 }
            .ToDictionary(m => m.MessageId, StringComparer.OrdinalIgnoreCase);

    /// <summary>The message for <paramref name="messageId"/>, or null when OmeSim does not know it.</summary>
    public static OmeMessage? Find(string messageId) => All.GetValueOrDefault(messageId);
}
