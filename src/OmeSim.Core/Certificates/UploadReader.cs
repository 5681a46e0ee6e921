using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OmeSim.Core.Certificates;

/// <summary>
/// Reads an uploaded certificate file the way OME's upload endpoints do (modelled, docs/certificate-rules.md#how-the-file-is-read-modelled):
/// PEM blocks labelled CERTIFICATE or PKCS7, a PKCS #7 bundle under either label; LF or CRLF, a UTF-8 BOM and text between
/// blocks are fine. DER, raw base64, empty files, UTF-16 and blocks that do not decode are invalid. Never throws.
/// </summary>
public static class UploadReader
{
    /// <summary>Blocks with any other label (a private key, say) are skipped, not refused (modelled).</summary>
    public static readonly IReadOnlyList<string> CertificateLabels = [PemText.CertificateLabel, PemText.Pkcs7Label];

    public static UploadReadResult Read(ReadOnlySpan<byte> body)
    {
        try
        {
            return ReadCore(body);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return UploadReadResult.Invalid($"The file could not be read: {e.Message}");
        }
    }

    private static UploadReadResult ReadCore(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return UploadReadResult.Invalid("The file is empty.");
        }
        if (body.IndexOf((byte)0) >= 0)
        {
            return UploadReadResult.Invalid("The file is binary or UTF-16, not Base 64 (PEM) text.");
        }
        // Latin-1 maps each byte to one char: a BOM or non-ASCII text between blocks stays harmless,
        // and a non-ASCII byte inside a block fails the base64 decoding.
        var text = Encoding.Latin1.GetString(body);
        if (!PemText.TryReadBlocks(text, out var blocks))
        {
            return UploadReadResult.Invalid("A PEM block is malformed (no END line, or its Base 64 does not decode).");
        }
        var certificates = new List<X509Certificate2>();
        var index = 0;
        foreach (var block in blocks)
        {
            index++;
            if (!CertificateLabels.Contains(block.Label))
            {
                continue;
            }
            var decoded = block.Label == PemText.Pkcs7Label ? ReadPkcs7(block.Der) : ReadCertificate(block.Der) ?? ReadPkcs7(block.Der);
            if (decoded is null)
            {
                return UploadReadResult.Invalid($"PEM block {index} ({block.Label}) holds neither an X.509 certificate nor a PKCS #7 bundle.");
            }
            certificates.AddRange(decoded);
        }
        if (certificates.Count == 0)
        {
            return UploadReadResult.Invalid(blocks.Count == 0
                ? "The file holds no PEM block: it is not Base 64 (PEM) encoded (DER, raw Base 64 without armour, or other data)."
                : "The file holds no certificate.");
        }
        return new UploadReadResult(certificates, null);
    }

    private static List<X509Certificate2>? ReadCertificate(byte[] der)
    {
        // X509CertificateLoader also sniffs PEM; a DER certificate starts with a SEQUENCE tag.
        if (der.Length < 2 || der[0] != 0x30)
        {
            return null;
        }
        try
        {
            return [X509CertificateLoader.LoadCertificate(der)];
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static List<X509Certificate2>? ReadPkcs7(byte[] der)
    {
        if (der.Length < 2 || der[0] != 0x30)
        {
            return null;
        }
        try
        {
            var cms = new SignedCms();
            cms.Decode(der);
            return [.. cms.Certificates];
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
