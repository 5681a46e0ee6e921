namespace OmeSim.Testing;

/// <summary>
/// OME's words for every MessageId OmeSim answers with, written out here so that a typo in the product's registry fails
/// the tests instead of passing them. From Dell's OME documents and the answers Dell's clients expect.
/// </summary>
public static class OmeWords
{
    public sealed record Words(string Message, string Resolution, string Severity = "Critical");

    public static readonly IReadOnlyDictionary<string, Words> ById = new Dictionary<string, Words>
    {
        ["CGEN1001"] = new(
            "Unable to complete the operation because the user is not authenticated.",
            "Log in with valid credentials and retry the operation."),
        ["CGEN1006"] = new(
            "Unable to complete the request because the resource URI does not exist or is not implemented.",
            "Enter a valid URI and retry the operation."),
        ["CGEN1008"] = new(
            "Unable to process the request because an error occurred.",
            "Retry the operation. If the issue persists, contact your system administrator."),
        ["CGEN6002"] = new(
            "Unable to complete the request because the input value for {0} is missing or an invalid value is entered.",
            "Enter a valid value and retry the operation."),
        ["CSEC9002"] = new(
            "Unable to upload the certificate because the certificate file provided is invalid.",
            "Make sure the CA certificate and private key are correct and retry the operation."),
        ["CMIG1001"] = new(
            "Unable to mutually authenticate and connect to the remote appliance.",
            "Please check the source and target appliances has valid certificate chain uploaded which are signed by the same CA."),
    };

    /// <summary>The Message OME writes for <paramref name="messageId"/> with <paramref name="args"/> filled in.</summary>
    public static string MessageOf(string messageId, IReadOnlyList<string> args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, ById[messageId].Message, [.. args]);
}
