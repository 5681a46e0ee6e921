namespace OmeSim.Harness;

/// <summary>
/// A request's query string as the journal keeps it: the value of every parameter whose name looks like a credential
/// (<see cref="CredentialWords"/>) is replaced by <see cref="HarDocument.Masked"/>, as the HAR masks Basic.
/// </summary>
public static class JournalQuery
{
    /// <summary>Modelled: a name that holds one of these, in any case, is taken for a credential.</summary>
    public static readonly IReadOnlyList<string> CredentialWords = ["pass", "pwd", "token", "secret", "key", "auth", "credential", "session"];

    public static string Mask(string query)
    {
        if (query.Length <= 1)
        {
            return query;
        }
        var parts = query[1..].Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            var name = Uri.UnescapeDataString((equals < 0 ? parts[i] : parts[i][..equals]).Replace('+', ' '));
            if (equals >= 0 && CredentialWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                parts[i] = parts[i][..(equals + 1)] + HarDocument.Masked;
            }
        }
        return "?" + string.Join('&', parts);
    }
}
