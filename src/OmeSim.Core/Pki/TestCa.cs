using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OmeSim.Core.Certificates;

namespace OmeSim.Core.Pki;

/// <summary>
/// A test CA with the Dell article's shape: a root and two intermediates under it (Inter-CA1, Inter-CA2).
/// Issues good certificates and, by profile, each kind of bad one the article describes.
/// </summary>
public sealed class TestCa : IDisposable
{
    public const string Good = "good";
    public const string ServerOnlyEku = "server-only-eku";
    public const string NoKeyEncipherment = "no-key-encipherment";
    public const string NoCn = "no-cn";
    public const string WildcardCn = "wildcard-cn";
    public const string MissingIntermediate = "missing-intermediate";
    public const string MissingRoot = "missing-root";
    public const string InterCa2Profile = "inter-ca2";
    public const string Depth11 = "depth-11";
    public const string OtherKeyProfile = "other-key";
    public const string Expired = "expired";
    public const string NotYetValid = "not-yet-valid";

    /// <summary>Key usage with Key Encipherment and no EKU extension: OpenSSL's stock <c>v3_req</c>, as Dell's Ansible test signs.</summary>
    public const string NoEku = "no-eku";

    // The profiles below are written by LegacyLeaf (BouncyCastle's ASN.1): CertificateRequest cannot make them.

    /// <summary>X.509 v1 with no extension at all: <c>openssl x509 -req</c> without an extension file, as Dell's Terraform test signs.</summary>
    public const string V1NoExtensions = "v1-no-extensions";

    /// <summary>Issued by Inter-CA1 by name and key identifier, but the signature does not verify.</summary>
    public const string BadSignature = "bad-signature";

    /// <summary>The subject's text attributes in BMPString (UTF-16), as some Windows CAs write them.</summary>
    public const string BmpStringNames = "bmpstring-names";

    /// <summary>The subject's text attributes in T61String (TeletexString), as old tools write them.</summary>
    public const string T61StringNames = "t61string-names";

    /// <summary>Good, but the key usage extension is not marked critical.</summary>
    public const string NonCriticalKeyUsage = "non-critical-key-usage";

    /// <summary>An EKU of anyExtendedKeyUsage (2.5.29.37.0) alone.</summary>
    public const string AnyEku = "any-eku";

    /// <summary>
    /// Every profile, one entry each: how its leaf differs from a good one (a good leaf: Inter-CA1 signs it, with both
    /// EKUs and Digital Signature + Key Encipherment, under Inter-CA1 and the root).
    /// </summary>
    private static readonly IReadOnlyList<ProfileSpec> Table =
    [
        new(Good, (_, _) => { }),
        new(ServerOnlyEku, (_, leaf) => leaf.Eku = [X509Builder.ServerAuthOid]),
        new(NoKeyEncipherment, (_, leaf) => leaf.Usage = X509KeyUsageFlags.DigitalSignature),
        new(NoCn, (_, leaf) => leaf.Subject = Name(n => n.AddOrganizationName(Organization + " Appliance"))),
        new(WildcardCn, (_, leaf) =>
        {
            leaf.Subject = Name(n => n.AddCommonName(WildcardCommonName));
            leaf.CommonName = WildcardCommonName;
            leaf.San = null;
        }),
        new(MissingIntermediate, (ca, leaf) => leaf.Above = [ca._root]),
        new(MissingRoot, (ca, leaf) => leaf.Above = [ca._interCa1]),
        new(InterCa2Profile, (ca, leaf) => (leaf.Issuer, leaf.Above) = (ca._interCa2, [ca._interCa2, ca._root])),
        new(Depth11, (ca, leaf) => (leaf.Issuer, leaf.Above) = (ca._depthCas.Value[^1], [.. ca._depthCas.Value.Reverse(), ca._root])),
        new(OtherKeyProfile, (ca, leaf) =>
        {
            leaf.OtherKey = RSA.Create();
            leaf.OtherKey.ImportPkcs8PrivateKey(ca._otherKey.Value, out _);
            leaf.Key = new PublicKey(leaf.OtherKey);
        }),
        new(Expired, (_, leaf) => (leaf.NotBefore, leaf.NotAfter) = (leaf.Now - TimeSpan.FromDays(90), leaf.Now - TimeSpan.FromDays(1))),
        new(NotYetValid, (_, leaf) => (leaf.NotBefore, leaf.NotAfter) = (leaf.Now + TimeSpan.FromDays(30), leaf.Now + TimeSpan.FromDays(30) + LeafLifetime)),
        new(NoEku, (_, leaf) => leaf.Eku = []),
        new(V1NoExtensions, (_, leaf) => leaf.Legacy = l => l with { Version1 = true }),
        new(BadSignature, (_, leaf) => leaf.Legacy = l => l with { BreakSignature = true }),
        new(BmpStringNames, (_, leaf) => leaf.Legacy = l => l with { NameEncoding = UniversalTagNumber.BMPString }),
        new(T61StringNames, (_, leaf) => leaf.Legacy = l => l with { NameEncoding = UniversalTagNumber.T61String }),
        new(NonCriticalKeyUsage, (_, leaf) => leaf.Legacy = l => l with { KeyUsageCritical = false }),
        new(AnyEku, (_, leaf) => leaf.Legacy = l => l with { Eku = [AnyExtendedKeyUsageOid] }),
    ];

    /// <summary>Every profile <see cref="Sign"/> and <see cref="Issue(string, PublicKey, string)"/> know, in the table's order.</summary>
    public static readonly IReadOnlyList<string> Profiles = [.. Table.Select(p => p.Name)];

    public const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    public const string RootCommonName = "OmeSim Root CA";
    public const string Organization = "OmeSim";
    public const string InterCa1CommonName = "Inter-CA1";
    public const string InterCa2CommonName = "Inter-CA2";
    public const string WildcardCommonName = "*.example.com";

    /// <summary>depth-11: leaf + 9 intermediates + root = 11 certificates, one over OME's limit of 10.</summary>
    public const int Depth11Intermediates = 9;

    public const string RootCertFile = "root-ca.pem";
    public const string RootKeyFile = "root-ca.key";
    public const string InterCa1CertFile = "inter-ca1.pem";
    public const string InterCa1KeyFile = "inter-ca1.key";
    public const string InterCa2CertFile = "inter-ca2.pem";
    public const string InterCa2KeyFile = "inter-ca2.key";

    private static readonly TimeSpan RootLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan IntermediateLifetime = TimeSpan.FromDays(1825);
    private static readonly TimeSpan Backdate = TimeSpan.FromDays(365);
    private static readonly TimeSpan LeafBackdate = TimeSpan.FromDays(1);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(365);
    private const int RsaKeySize = 2048;

    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _interCa1;
    private readonly X509Certificate2 _interCa2;
    private readonly Lazy<IReadOnlyList<X509Certificate2>> _depthCas;
    private readonly Lazy<byte[]> _otherKey = new(() =>
    {
        using var rsa = RSA.Create(RsaKeySize);
        return rsa.ExportPkcs8PrivateKey();
    });

    private TestCa(X509Certificate2 root, X509Certificate2 interCa1, X509Certificate2 interCa2, TimeProvider time)
    {
        _root = root;
        _interCa1 = interCa1;
        _interCa2 = interCa2;
        Time = time;
        Root = PublicOnly(root);
        Intermediates = [PublicOnly(interCa1), PublicOnly(interCa2)];
        _depthCas = new(MakeDepthCas);
    }

    public TimeProvider Time { get; }

    /// <summary>The root, without its private key.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>Inter-CA1 and Inter-CA2, without their private keys.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    public X509Certificate2 InterCa1 => Intermediates[0];

    public X509Certificate2 InterCa2 => Intermediates[1];

    public string RootPem => PemText.Armour(PemText.CertificateLabel, Root.RawData);

    public string IntermediatesPem => string.Concat(Intermediates.Select(c => PemText.Armour(PemText.CertificateLabel, c.RawData)));

    /// <summary>The root's private key (PKCS #8 PEM). Hand it out only when a caller asks for it explicitly.</summary>
    public string RootKeyPem => KeyPem(_root);

    /// <summary>A new CA: fresh root and intermediates.</summary>
    public static TestCa Create(TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var root = MakeRoot(time);
        return new TestCa(root, MakeIntermediate(root, InterCa1CommonName, time), MakeIntermediate(root, InterCa2CommonName, time), time);
    }

    /// <summary>A CA over an existing root; the intermediates are made fresh.</summary>
    public static TestCa Load(string rootCertPem, string rootKeyPem, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var root = X509Certificate2.CreateFromPem(rootCertPem, rootKeyPem);
        return new TestCa(root, MakeIntermediate(root, InterCa1CommonName, time), MakeIntermediate(root, InterCa2CommonName, time), time);
    }

    /// <summary>Loads the CA kept in <paramref name="directory"/>, completing or creating it (and saving it) as needed.</summary>
    public static TestCa LoadOrCreate(string directory, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        string PathOf(string file) => Path.Combine(directory, file);
        bool Has(params string[] files) => files.All(f => File.Exists(PathOf(f)));
        X509Certificate2 Read(string cert, string key) => X509Certificate2.CreateFromPem(File.ReadAllText(PathOf(cert)), File.ReadAllText(PathOf(key)));

        if (Has(RootCertFile, RootKeyFile, InterCa1CertFile, InterCa1KeyFile, InterCa2CertFile, InterCa2KeyFile))
        {
            return new TestCa(Read(RootCertFile, RootKeyFile), Read(InterCa1CertFile, InterCa1KeyFile), Read(InterCa2CertFile, InterCa2KeyFile), time);
        }
        var ca = Has(RootCertFile, RootKeyFile)
            ? Load(File.ReadAllText(PathOf(RootCertFile)), File.ReadAllText(PathOf(RootKeyFile)), time)
            : Create(time);
        ca.Save(directory);
        return ca;
    }

    /// <summary>Writes root and intermediates, certificates and keys, as PEM files openssl reads.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        Write(directory, RootCertFile, RootPem);
        Write(directory, RootKeyFile, KeyPem(_root), secret: true);
        Write(directory, InterCa1CertFile, PemText.Armour(PemText.CertificateLabel, _interCa1.RawData));
        Write(directory, InterCa1KeyFile, KeyPem(_interCa1), secret: true);
        Write(directory, InterCa2CertFile, PemText.Armour(PemText.CertificateLabel, _interCa2.RawData));
        Write(directory, InterCa2KeyFile, KeyPem(_interCa2), secret: true);
    }

    /// <summary>Signs a CSR (standard PEM or OME's one-line form) the way <paramref name="profile"/> says.</summary>
    /// <exception cref="ArgumentException">Unknown profile.</exception>
    /// <exception cref="FormatException">Not a CSR.</exception>
    /// <exception cref="CryptographicException">A CSR that does not decode or whose signature is wrong.</exception>
    public IssuedChain Sign(string csrPem, string profile)
    {
        CheckProfile(profile);
        var request = PemText.ReadCertificateRequest(csrPem);
        var san = request.CertificateExtensions.FirstOrDefault(e => e.Oid?.Value == SanOid);
        return IssueLeaf(profile, request.SubjectName, request.PublicKey, san is null ? null : new X509Extension(SanOid, san.RawData, false));
    }

    /// <summary>
    /// Issues a certificate for <paramref name="subjectKey"/> with subject CN=<paramref name="commonName"/> and
    /// SAN DNS=<paramref name="commonName"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown profile.</exception>
    public IssuedChain Issue(string profile, PublicKey subjectKey, string commonName)
    {
        CheckProfile(profile);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        return IssueLeaf(profile, subject.Build(), subjectKey, null);
    }

    /// <inheritdoc cref="Issue(string, PublicKey, string)"/>
    public IssuedChain Issue(string profile, RSA subjectKey, string commonName) => Issue(profile, new PublicKey(subjectKey), commonName);

    /// <summary>Why <paramref name="profile"/> is no profile (missing or unknown); null when it is one.</summary>
    public static string? ProfileProblem(string? profile) =>
        profile is null ? $"Name a profile. Known: {string.Join(", ", Profiles)}."
        : Profiles.Contains(profile) ? null
        : $"Unknown profile '{profile}'. Known: {string.Join(", ", Profiles)}.";

    /// <exception cref="ArgumentException"><paramref name="profile"/> is no profile.</exception>
    public static void CheckProfile(string profile)
    {
        if (ProfileProblem(profile) is { } problem)
        {
            throw new ArgumentException(problem, nameof(profile));
        }
    }

    public void Dispose()
    {
        foreach (var certificate in new[] { _root, _interCa1, _interCa2, Root }.Concat(Intermediates))
        {
            certificate.Dispose();
        }
        if (_depthCas.IsValueCreated)
        {
            foreach (var certificate in _depthCas.Value)
            {
                certificate.Dispose();
            }
        }
    }

    private const string SanOid = "2.5.29.17";

    private IssuedChain IssueLeaf(string profile, X500DistinguishedName subject, PublicKey key, X509Extension? san)
    {
        var now = Time.GetUtcNow();
        var leaf = new LeafPlan
        {
            Now = now,
            Subject = subject,
            CommonName = CertificateNames.CommonNameOf(subject),
            Key = key,
            San = san,
            NotBefore = now - LeafBackdate,
            NotAfter = now + LeafLifetime,
            Issuer = _interCa1,
            Above = [_interCa1, _root],
        };
        Table.Single(p => p.Name == profile).Shape(this, leaf);

        if (leaf.San is null && leaf.CommonName is not null)
        {
            leaf.San = X509Builder.DnsSan([leaf.CommonName]);
        }
        var certificate = leaf.Legacy is { } legacy
            ? legacy(new LegacyLeaf(leaf.Subject, leaf.Key, leaf.NotBefore, leaf.NotAfter) { KeyUsage = leaf.Usage, Eku = leaf.Eku, San = leaf.San })
                .IssueUnder(leaf.Issuer)
            : X509Builder.Create(
                new X509Builder.Spec(leaf.Subject, leaf.Key, leaf.NotBefore, leaf.NotAfter) { KeyUsage = leaf.Usage, Eku = leaf.Eku, San = leaf.San },
                leaf.Issuer);
        return new IssuedChain(profile, [certificate, .. leaf.Above.Select(PublicOnly)], leaf.OtherKey);
    }

    private static X500DistinguishedName Name(Action<X500DistinguishedNameBuilder> build)
    {
        var name = new X500DistinguishedNameBuilder();
        build(name);
        return name.Build();
    }

    /// <summary>A profile: its name, and how it shapes the good leaf's plan.</summary>
    private sealed record ProfileSpec(string Name, Action<TestCa, LeafPlan> Shape);

    /// <summary>What a leaf will be; a good one until a profile changes it.</summary>
    private sealed class LeafPlan
    {
        public required DateTimeOffset Now { get; init; }
        public required X500DistinguishedName Subject { get; set; }
        public required string? CommonName { get; set; }
        public required PublicKey Key { get; set; }
        public required X509Extension? San { get; set; }
        public required DateTimeOffset NotBefore { get; set; }
        public required DateTimeOffset NotAfter { get; set; }
        public required X509Certificate2 Issuer { get; set; }

        /// <summary>The certificates sent above the leaf, nearest first.</summary>
        public required IReadOnlyList<X509Certificate2> Above { get; set; }

        public X509KeyUsageFlags Usage { get; set; } = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment;
        public IReadOnlyList<string> Eku { get; set; } = [X509Builder.ServerAuthOid, X509Builder.ClientAuthOid];

        /// <summary>For a leaf CertificateRequest cannot write: how the BouncyCastle-written leaf differs.</summary>
        public Func<LegacyLeaf, LegacyLeaf>? Legacy { get; set; }

        public RSA? OtherKey { get; set; }
    }

    private static X509Certificate2 MakeRoot(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var name = new X500DistinguishedNameBuilder();
        // The builder encodes in reverse order of the calls: this gives O, then CN (shown as "CN=..., O=...").
        name.AddCommonName(RootCommonName);
        name.AddOrganizationName(Organization);
        using var key = RSA.Create(RsaKeySize);
        var spec = new X509Builder.Spec(name.Build(), new PublicKey(key), now - Backdate, now + RootLifetime)
        {
            IsCa = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        };
        using var certificate = X509Builder.Create(spec, null, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1));
        return certificate.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 MakeIntermediate(X509Certificate2 issuer, string commonName, TimeProvider time)
    {
        using var key = RSA.Create(RsaKeySize);
        using var certificate = X509Builder.Create(IntermediateSpec(issuer, commonName, new PublicKey(key), time), issuer);
        return certificate.CopyWithPrivateKey(key);
    }

    // ECDSA P-256: nine RSA keys would cost two seconds on a small machine.
    private List<X509Certificate2> MakeDepthCas()
    {
        var result = new List<X509Certificate2>();
        var issuer = _root;
        for (var i = 1; i <= Depth11Intermediates; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var certificate = X509Builder.Create(IntermediateSpec(issuer, $"Depth-CA{i}", new PublicKey(key), Time), issuer);
            issuer = certificate.CopyWithPrivateKey(key);
            result.Add(issuer);
        }
        return result;
    }

    private static X509Builder.Spec IntermediateSpec(X509Certificate2 issuer, string commonName, PublicKey key, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        var notBefore = now - Backdate;
        if (notBefore < issuer.NotBefore.ToUniversalTime())
        {
            notBefore = issuer.NotBefore.ToUniversalTime();
        }
        return new X509Builder.Spec(name.Build(), key, notBefore, now + IntermediateLifetime)
        {
            IsCa = true,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
        };
    }

    private static X509Certificate2 PublicOnly(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);

    private static string KeyPem(X509Certificate2 certificate)
    {
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey()
            ?? certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("The certificate has no private key.");
        using (key)
        {
            return key.ExportPkcs8PrivateKeyPem() + "\n";
        }
    }

    private static void Write(string directory, string file, string text, bool secret = false)
    {
        var path = Path.Combine(directory, file);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
