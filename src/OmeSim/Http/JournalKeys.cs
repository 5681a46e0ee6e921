namespace OmeSim.Http;

/// <summary>Keys of <see cref="HttpContext.Items"/> that the journal reads.</summary>
public static class JournalKeys
{
    public const string MessageId = "omesim.messageId";
    public const string AuthKind = "omesim.auth";
}
