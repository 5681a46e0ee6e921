using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Core.Certificates;

/// <summary>
/// A certificate's extensions as the rules read them: an extension that does not decode reads as absent (null), never as an
/// exception, because uploads carry whatever a CA or a tool wrote.
/// </summary>
internal static class ExtensionReader
{
    public const string KeyUsageOid = "2.5.29.15";
    public const string ExtendedKeyUsageOid = "2.5.29.37";

    /// <summary>True when the certificate carries an extension with this OID, decodable or not (or when its extensions do not parse).</summary>
    public static bool Has(X509Certificate2 certificate, string oid)
    {
        try
        {
            return certificate.Extensions.Any(e => e.Oid?.Value == oid);
        }
        catch (CryptographicException)
        {
            return true;
        }
    }

    /// <summary>The extension with this OID, decoded; null when absent or not decodable.</summary>
    public static T? Find<T>(X509Certificate2 certificate, string oid, Func<AsnEncodedData, T> decode)
        where T : X509Extension
    {
        try
        {
            foreach (var extension in certificate.Extensions)
            {
                if (extension.Oid?.Value == oid)
                {
                    return extension as T ?? decode(new AsnEncodedData(extension.Oid, extension.RawData));
                }
            }
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>True when the certificate says it is a CA (basic constraints CA=true).</summary>
    public static bool IsCa(X509Certificate2 certificate) =>
        Find<X509BasicConstraintsExtension>(certificate, "2.5.29.19", raw => new X509BasicConstraintsExtension(raw, false))?.CertificateAuthority == true;

    public static byte[]? SubjectKeyId(X509Certificate2 certificate)
    {
        var ski = Find<X509SubjectKeyIdentifierExtension>(certificate, "2.5.29.14", raw => new X509SubjectKeyIdentifierExtension(raw, false));
        try
        {
            return ski?.SubjectKeyIdentifierBytes.ToArray();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static byte[]? AuthorityKeyId(X509Certificate2 certificate)
    {
        var aki = Find<X509AuthorityKeyIdentifierExtension>(certificate, "2.5.29.35", raw => new X509AuthorityKeyIdentifierExtension(raw.RawData));
        try
        {
            return aki?.KeyIdentifier?.ToArray();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
