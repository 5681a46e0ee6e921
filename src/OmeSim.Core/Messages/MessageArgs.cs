namespace OmeSim.Core.Messages;

/// <summary>The MessageArgs strings OME puts in its answers; one place so that endpoints, logs and <c>check</c> agree.</summary>
public static class MessageArgs
{
    public const string InvalidCsrKey = "Invalid CSR key.";
    public const string InvalidChain = "Invalid certificate chain provided.";
    public const string NoClientServerEku = "No Client/Server authentication EKU present in leaf certificate.";
    public const string NotWebServerCertificate = "User Certificate is not a web server certificate.";
    public const string CommonNameNotFound = "Common name not found in leaf certificate.";
    public const string BodyTooLarge = "Request body too large.";
    public const string MaxSessionsReached = "Maximum number of sessions reached.";
    public const string InjectedFault = "Injected fault.";
}
