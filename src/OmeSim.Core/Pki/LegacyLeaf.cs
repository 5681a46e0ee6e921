using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using X509Extension = System.Security.Cryptography.X509Certificates.X509Extension;

namespace OmeSim.Core.Pki;

/// <summary>
/// Leaves that real CAs and old tools issue but the BCL's <see cref="CertificateRequest"/> cannot write: X.509 v1 (no
/// extensions at all, as <c>openssl x509 -req</c> without an extension file gives), subject names in BMPString or
/// T61String, and a signature that does not verify. BouncyCastle writes the ASN.1; the issuer's .NET key signs it, so no
/// BouncyCastle key object (and none of its costly RSA modulus checks) is ever made.
/// </summary>
internal sealed record LegacyLeaf(X500DistinguishedName Subject, PublicKey SubjectKey, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>X.509 version 1: no extensions at all (every extension property below is then ignored).</summary>
    public bool Version1 { get; init; }

    /// <summary>Re-encode the subject's text attributes (all but country and e-mail) as BMPString or T61String; null keeps them.</summary>
    public UniversalTagNumber? NameEncoding { get; init; }

    public X509KeyUsageFlags KeyUsage { get; init; } = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment;

    public bool KeyUsageCritical { get; init; } = true;

    /// <summary>EKU OIDs; empty = no EKU extension.</summary>
    public IReadOnlyList<string> Eku { get; init; } = [X509Builder.ServerAuthOid, X509Builder.ClientAuthOid];

    public X509Extension? San { get; init; }

    /// <summary>Flip a bit of the signature: the certificate names its issuer correctly but does not verify under its key.</summary>
    public bool BreakSignature { get; init; }

    private static readonly HashSet<string> KeptEncodings = [CertificateNames.CountryOid, CertificateNames.EmailOid];

    /// <summary>Issues the leaf under <paramref name="issuer"/>, an RSA CA certificate with its private key.</summary>
    public X509Certificate2 IssueUnder(X509Certificate2 issuer)
    {
        using var issuerKey = issuer.GetRSAPrivateKey() ?? throw new ArgumentException("The issuer has no RSA private key.", nameof(issuer));
        var algorithm = new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance);
        var serial = new DerInteger(new Org.BouncyCastle.Math.BigInteger(1, RandomNumberGenerator.GetBytes(16)));
        var issuerName = X509Name.GetInstance(Asn1Object.FromByteArray(issuer.SubjectName.RawData));
        var subjectName = X509Name.GetInstance(Reencode(Subject.RawData));
        var key = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(SubjectKey.ExportSubjectPublicKeyInfo()));

        // The version field holds the version minus one; v1 leaves it out (DEFAULT v1) and has no extensions.
        var tbs = new TbsCertificateStructure(
            Version1 ? DerInteger.Zero : DerInteger.Two,
            serial,
            algorithm,
            issuerName,
            new Validity(new Time(NotBefore.UtcDateTime), new Time(NotAfter.UtcDateTime)),
            subjectName,
            key,
            issuerUniqueID: null,
            subjectUniqueID: null,
            extensions: Version1 ? null : Extensions(issuer));
        var signature = issuerKey.SignData(tbs.GetDerEncoded(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (BreakSignature)
        {
            signature[^1] ^= 0x01;
        }
        var certificate = new X509CertificateStructure(tbs, algorithm, new DerBitString(signature));
        return X509CertificateLoader.LoadCertificate(certificate.GetDerEncoded());
    }

    private X509Extensions Extensions(X509Certificate2 issuer)
    {
        var extensions = new X509ExtensionsGenerator();
        void Add(X509Extension extension) =>
            extensions.AddExtension(new DerObjectIdentifier(extension.Oid!.Value!), extension.Critical, extension.RawData);

        Add(new X509BasicConstraintsExtension(false, false, 0, true));
        Add(new X509KeyUsageExtension(KeyUsage, KeyUsageCritical));
        if (Eku.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var oid in Eku)
            {
                oids.Add(new Oid(oid));
            }
            Add(new X509EnhancedKeyUsageExtension(oids, false));
        }
        if (San is not null)
        {
            Add(San);
        }
        Add(new X509SubjectKeyIdentifierExtension(SubjectKey, false));
        Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(X509Builder.KeyIdentifierOf(issuer)));
        return extensions.Generate();
    }

    /// <summary>The name with every text attribute (but country and e-mail, which RFC 5280 fixes) in <see cref="NameEncoding"/>.</summary>
    private Asn1Encodable Reencode(byte[] name)
    {
        var rdns = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(name));
        if (NameEncoding is not { } encoding)
        {
            return rdns;
        }
        var result = new Asn1EncodableVector();
        foreach (var rdn in rdns)
        {
            var attributes = new Asn1EncodableVector();
            foreach (var element in Asn1Set.GetInstance(rdn))
            {
                var attribute = Asn1Sequence.GetInstance(element);
                var oid = DerObjectIdentifier.GetInstance(attribute[0]);
                Asn1Encodable value = attribute[1];
                if (value is DerStringBase text && !KeptEncodings.Contains(oid.Id))
                {
                    value = encoding == UniversalTagNumber.BMPString ? new DerBmpString(text.GetString()) : new DerT61String(text.GetString());
                }
                attributes.Add(new DerSequence(oid, value));
            }
            result.Add(new DerSet(attributes));
        }
        return new DerSequence(result);
    }
}
