using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Core.Certificates;

/// <summary>
/// PEM in both the standard form and OME's: GenerateCSR answers <c>-----BEGIN CERTIFICATE REQUEST-----MIIC...-----END CERTIFICATE REQUEST-----</c>
/// with no line breaks at all (Ansible and Terraform work around it; openssl refuses it with "no start line").
/// </summary>
public static class PemText
{
    public const string CertificateLabel = "CERTIFICATE";
    public const string CertificateRequestLabel = "CERTIFICATE REQUEST";
    public const string Pkcs7Label = "PKCS7";

    private const string BeginPrefix = "-----BEGIN ";
    private const string EndPrefix = "-----END ";
    private const string Dashes = "-----";

    /// <summary>
    /// Finds every PEM block in <paramref name="text"/>, in order. Text outside blocks is ignored; line breaks inside a
    /// block are optional. False when a block is malformed: no END line, an empty body, headers or bad base64.
    /// </summary>
    public static bool TryReadBlocks(ReadOnlySpan<char> text, out List<PemBlock> blocks)
    {
        blocks = [];
        var position = 0;
        while (position < text.Length)
        {
            var begin = text[position..].IndexOf(BeginPrefix, StringComparison.Ordinal);
            if (begin < 0)
            {
                return true;
            }
            var labelStart = position + begin + BeginPrefix.Length;
            var labelLength = text[labelStart..].IndexOf(Dashes, StringComparison.Ordinal);
            if (labelLength <= 0)
            {
                return false;
            }
            var label = text.Slice(labelStart, labelLength);
            if (label.ContainsAny('\r', '\n', '-'))
            {
                return false;
            }
            var bodyStart = labelStart + labelLength + Dashes.Length;
            var endMarker = string.Concat(EndPrefix, label, Dashes);
            var bodyLength = text[bodyStart..].IndexOf(endMarker, StringComparison.Ordinal);
            if (bodyLength < 0)
            {
                return false;
            }
            var body = text.Slice(bodyStart, bodyLength);
            var der = new byte[(body.Length / 4 * 3) + 3];
            if (body.IsWhiteSpace() || !Convert.TryFromBase64Chars(body, der, out var written))
            {
                return false;
            }
            blocks.Add(new PemBlock(label.ToString(), der.AsSpan(0, written).ToArray()));
            position = bodyStart + bodyLength + endMarker.Length;
        }
        return true;
    }

    /// <summary>Standard PEM, 64 columns, LF line ends: what openssl reads.</summary>
    public static string Armour(string label, ReadOnlySpan<byte> der) => PemEncoding.WriteString(label, der) + "\n";

    /// <summary>OME's one-line form: no break after the BEGIN line, none before the END line, none in the base64.</summary>
    public static string ToOmeForm(string label, ReadOnlySpan<byte> der) =>
        $"{BeginPrefix}{label}{Dashes}{Convert.ToBase64String(der)}{EndPrefix}{label}{Dashes}";

    /// <summary>The DER of the first block labelled <paramref name="label"/>, from either form.</summary>
    /// <exception cref="FormatException">No such block.</exception>
    public static byte[] ReadDer(string pem, string label)
    {
        if (TryReadBlocks(pem, out var blocks)
            && blocks.FirstOrDefault(b => b.Label == label) is { } block)
        {
            return block.Der;
        }
        throw new FormatException($"No well-formed PEM block labelled {label}.");
    }

    /// <summary>A CSR from either PEM form, its signature verified, its requested extensions (SAN) kept.</summary>
    /// <exception cref="FormatException">Not a CSR.</exception>
    /// <exception cref="CryptographicException">A CSR that does not decode or whose signature is wrong.</exception>
    public static CertificateRequest ReadCertificateRequest(string pem)
    {
        var der = ReadDer(pem, CertificateRequestLabel);
        return CertificateRequest.LoadSigningRequest(
            der,
            HashAlgorithmName.SHA256,
            CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions,
            RSASignaturePadding.Pkcs1);
    }

    /// <summary>The public key (SubjectPublicKeyInfo DER) of a CSR in either PEM form: the CSR key to match a leaf against.</summary>
    /// <exception cref="FormatException">Not a CSR.</exception>
    /// <exception cref="CryptographicException">A CSR that does not decode or whose signature is wrong.</exception>
    public static byte[] PublicKeyOfCsr(string pem) => ReadCertificateRequest(pem).PublicKey.ExportSubjectPublicKeyInfo();

    /// <summary>The public key (SubjectPublicKeyInfo DER) of an RSA or EC key in PEM (private or public, PKCS #1, PKCS #8 or SPKI).</summary>
    /// <exception cref="ArgumentException">No unencrypted RSA or EC key in the text.</exception>
    public static byte[] PublicKeyOfKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa.ExportSubjectPublicKeyInfo();
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return ec.ExportSubjectPublicKeyInfo();
        }
    }
}
