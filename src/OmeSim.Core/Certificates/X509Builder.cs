using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Core.Certificates;

/// <summary>
/// Issues certificates with the extensions every client expects (SKI, AKI keyid, basic constraints, key usage).
/// Uses the generator form of
/// <see cref="CertificateRequest.Create(X500DistinguishedName, X509SignatureGenerator, DateTimeOffset, DateTimeOffset, ReadOnlySpan{byte})"/>
/// so that deliberately odd validity (expired, not yet valid) is not refused for falling outside the issuer's.
/// </summary>
internal static class X509Builder
{
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public sealed record Spec(
        X500DistinguishedName Subject,
        PublicKey SubjectKey,
        DateTimeOffset NotBefore,
        DateTimeOffset NotAfter)
    {
        public bool IsCa { get; init; }
        public X509KeyUsageFlags KeyUsage { get; init; }
        public IReadOnlyList<string>? Eku { get; init; }
        public X509Extension? San { get; init; }
    }

    /// <summary>The issuer: its name, its signing key and its subject key identifier; null issuer = self-signed.</summary>
    public sealed record Signer(X500DistinguishedName Name, X509SignatureGenerator Generator, byte[] KeyIdentifier) : IDisposable
    {
        private AsymmetricAlgorithm? _ownedKey;

        /// <summary>Signs with <paramref name="issuer"/>'s private key, which the signer takes out and disposes with itself.</summary>
        public static Signer From(X509Certificate2 issuer)
        {
            if (issuer.GetRSAPrivateKey() is { } rsa)
            {
                var generator = X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1);
                return new Signer(issuer.SubjectName, generator, KeyIdentifierOf(issuer)) { _ownedKey = rsa };
            }
            if (issuer.GetECDsaPrivateKey() is { } ec)
            {
                return new Signer(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(ec), KeyIdentifierOf(issuer)) { _ownedKey = ec };
            }
            throw new ArgumentException("The issuer certificate has no usable private key.", nameof(issuer));
        }

        /// <summary>Disposes the key <see cref="From"/> took out of the issuer; a signer made from a generator owns nothing.</summary>
        public void Dispose() => _ownedKey?.Dispose();
    }

    /// <summary>Issues under <paramref name="issuer"/>, disposing the private key object it takes out of it.</summary>
    public static X509Certificate2 Create(Spec spec, X509Certificate2 issuer)
    {
        using var signer = Signer.From(issuer);
        return Create(spec, signer);
    }

    public static X509Certificate2 Create(Spec spec, Signer? issuer, X509SignatureGenerator? selfSigner = null)
    {
        var request = new CertificateRequest(spec.Subject, spec.SubjectKey, HashAlgorithmName.SHA256);
        var ski = new X509SubjectKeyIdentifierExtension(spec.SubjectKey, false);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(spec.IsCa, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(spec.KeyUsage, true));
        if (spec.Eku is { Count: > 0 } eku)
        {
            var oids = new OidCollection();
            foreach (var oid in eku)
            {
                oids.Add(new Oid(oid));
            }
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }
        if (spec.San is not null)
        {
            request.CertificateExtensions.Add(spec.San);
        }
        request.CertificateExtensions.Add(ski);
        var authorityKeyId = issuer?.KeyIdentifier ?? Convert.FromHexString(ski.SubjectKeyIdentifier!);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(authorityKeyId));

        var generator = issuer?.Generator ?? selfSigner ?? throw new ArgumentException("A self-signed certificate needs its own signer.");
        var issuerName = issuer?.Name ?? spec.Subject;
        return request.Create(issuerName, generator, spec.NotBefore, spec.NotAfter, NewSerial());
    }

    public static byte[] KeyIdentifierOf(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray()
        ?? new X509SubjectKeyIdentifierExtension(certificate.PublicKey, false).SubjectKeyIdentifierBytes.ToArray();

    public static X509Extension DnsSan(IEnumerable<string> names)
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            builder.AddDnsName(name);
        }
        return builder.Build();
    }

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }
}
