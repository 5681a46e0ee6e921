namespace OmeSim.Core.Certificates;

/// <summary>The rule identifiers, in the article's order.</summary>
public static class RuleIds
{
    public const string CsrKey = "csr-key";
    public const string Encoding = "encoding";
    public const string ExtendedKeyUsage = "extended-key-usage";
    public const string KeyUsage = "key-usage";
    public const string CompleteChain = "complete-chain";
    public const string ChainLength = "chain-length";
    public const string IssuedToIssuedBy = "issued-to-issued-by";
    public const string CommonName = "common-name";

    public static readonly IReadOnlyList<string> All =
        [CsrKey, Encoding, ExtendedKeyUsage, KeyUsage, CompleteChain, ChainLength, IssuedToIssuedBy, CommonName];
}
