using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Core.Certificates;

/// <summary>
/// Who issued whom among one file's certificates, for one check. Path building and leaf guessing compare every pair: each
/// certificate's names and key identifiers are decoded once, on first use, and live only as long as the check.
/// </summary>
internal sealed class IssuerIndex(IReadOnlyList<X509Certificate2> certificates)
{
    private readonly Links?[] _links = new Links?[certificates.Count];

    public bool IsSelfIssued(int index) => Of(index) is var links && links.Subject == links.Issuer;

    /// <summary>Names match, and so do the key identifiers when both are present.</summary>
    public bool IsIssuedBy(int subject, int issuer)
    {
        var (issued, issuing) = (Of(subject), Of(issuer));
        return issued.Issuer == issuing.Subject
            && (issued.AuthorityKeyId is null || issuing.SubjectKeyId is null || issued.AuthorityKeyId.AsSpan().SequenceEqual(issuing.SubjectKeyId));
    }

    private Links Of(int index) => _links[index] ??= Links.Of(certificates[index]);

    /// <summary>One certificate's names as compared (RFC 4514, upper case) and key identifiers (null when absent or unreadable).</summary>
    private sealed record Links(string Subject, string Issuer, byte[]? AuthorityKeyId, byte[]? SubjectKeyId)
    {
        public static Links Of(X509Certificate2 certificate) => new(
            CertificateNames.Rfc4514(certificate.SubjectName).ToUpperInvariant(),
            CertificateNames.Rfc4514(certificate.IssuerName).ToUpperInvariant(),
            ExtensionReader.AuthorityKeyId(certificate),
            ExtensionReader.SubjectKeyId(certificate));
    }
}
