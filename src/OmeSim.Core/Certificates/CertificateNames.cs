using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Core.Certificates;

/// <summary>The names of a certificate as OME's CertDetail shows them, and DNs in a form fit for comparing.</summary>
public sealed record CertificateNames(
    string? CommonName,
    string? OrganizationalUnit,
    string? Organization,
    string? Locality,
    string? State,
    string? Country,
    string? Email,
    string? DnsNames,
    int? KeySize)
{
    public const string CommonNameOid = "2.5.4.3";
    public const string CountryOid = "2.5.4.6";
    public const string LocalityOid = "2.5.4.7";
    public const string StateOid = "2.5.4.8";
    public const string OrganizationOid = "2.5.4.10";
    public const string OrganizationalUnitOid = "2.5.4.11";
    public const string EmailOid = "1.2.840.113549.1.9.1";

    /// <summary>The subject of <paramref name="certificate"/> (first value of each attribute) with its DNS SANs and key size.</summary>
    public static CertificateNames OfSubject(X509Certificate2 certificate) =>
        Of(certificate.SubjectName, DnsNamesOf(certificate) is { Count: > 0 } dns ? string.Join(",", dns) : null, KeySizeOf(certificate));

    /// <summary>The issuer of <paramref name="certificate"/>; a certificate does not carry its issuer's SANs or key size.</summary>
    public static CertificateNames OfIssuer(X509Certificate2 certificate) => Of(certificate.IssuerName, null, null);

    private static CertificateNames Of(X500DistinguishedName name, string? dnsNames, int? keySize)
    {
        var attributes = Attributes(name);
        return new CertificateNames(
            First(attributes, CommonNameOid),
            First(attributes, OrganizationalUnitOid),
            First(attributes, OrganizationOid),
            First(attributes, LocalityOid),
            First(attributes, StateOid),
            First(attributes, CountryOid),
            First(attributes, EmailOid),
            dnsNames,
            keySize);
    }

    /// <summary>The common name, or null when the name has none (an empty CN counts as none).</summary>
    public static string? CommonNameOf(X500DistinguishedName name) =>
        First(Attributes(name), CommonNameOid) is { Length: > 0 } cn ? cn : null;

    /// <summary>Every attribute of <paramref name="name"/> in encoded order (least specific first); empty when it does not decode.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Attributes(X500DistinguishedName name)
    {
        var result = new List<KeyValuePair<string, string>>();
        try
        {
            var sequence = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var set = sequence.ReadSetOf();
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    var oid = attribute.ReadObjectIdentifier();
                    result.Add(new(oid, ReadString(attribute)));
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
        {
            return [];
        }
        return result;
    }

    /// <summary>RFC 4514 form (most specific first, comma-separated, special characters escaped), for comparisons.</summary>
    public static string Rfc4514(X500DistinguishedName name)
    {
        var attributes = Attributes(name);
        if (attributes.Count == 0 && name.RawData.Length > 2)
        {
            return name.Name;
        }
        return string.Join(",", attributes.AsEnumerable().Reverse().Select(a => $"{ShortName(a.Key)}={Escape(a.Value)}"));
    }

    /// <summary>
    /// The one way OmeSim shows a name (console, dashboard, control answers, journal, log, <c>omesim check</c>): the
    /// attributes in encoded order with OpenSSL's short names, as <c>openssl x509 -noout -subject</c> lists them,
    /// e.g. <c>C=US, ST=Texas, O=Example, CN=ome.example.com, emailAddress=admin@example.com</c>.
    /// </summary>
    public static string Display(X500DistinguishedName name)
    {
        var attributes = Attributes(name);
        if (attributes.Count == 0)
        {
            return name.RawData.Length > 2 ? name.Name : "(empty name)";
        }
        return string.Join(", ", attributes.Select(a => $"{ShortName(a.Key)}={Escape(a.Value)}"));
    }

    /// <summary>
    /// True when two names in <see cref="Rfc4514"/> form are the same, case-insensitively: how the migration check compares
    /// issuers and subjects, whatever string types the CAs wrote them in.
    /// </summary>
    public static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string> DnsNamesOf(X509Certificate2 certificate)
    {
        try
        {
            return certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault()?.EnumerateDnsNames().ToList() ?? [];
        }
        catch (CryptographicException)
        {
            return [];
        }
    }

    public static int? KeySizeOf(X509Certificate2 certificate)
    {
        try
        {
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is not null)
            {
                return rsa.KeySize;
            }
            using var ec = certificate.GetECDsaPublicKey();
            return ec?.KeySize;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string? First(IReadOnlyList<KeyValuePair<string, string>> attributes, string oid) =>
        attributes.FirstOrDefault(a => a.Key == oid).Value;

    private static string ReadString(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.TagClass == TagClass.Universal)
        {
            switch ((UniversalTagNumber)tag.TagValue)
            {
                case UniversalTagNumber.UTF8String:
                case UniversalTagNumber.PrintableString:
                case UniversalTagNumber.IA5String:
                case UniversalTagNumber.BMPString:
                case UniversalTagNumber.T61String:
                case UniversalTagNumber.UniversalString:
                case UniversalTagNumber.VisibleString:
                case UniversalTagNumber.NumericString:
                    return reader.ReadCharacterString((UniversalTagNumber)tag.TagValue);
            }
        }
        return "#" + Convert.ToHexString(reader.ReadEncodedValue().Span);
    }

    private static string ShortName(string oid) => oid switch
    {
        CommonNameOid => "CN",
        CountryOid => "C",
        LocalityOid => "L",
        StateOid => "ST",
        OrganizationOid => "O",
        OrganizationalUnitOid => "OU",
        "2.5.4.9" => "STREET",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        EmailOid => "emailAddress",
        _ => oid,
    };

    private static string Escape(string value)
    {
        if (value.StartsWith('#') && value.Length > 1 && value.Skip(1).All(char.IsAsciiHexDigit))
        {
            return value;
        }
        var builder = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '='
                || (i == 0 && c is ' ' or '#')
                || (i == value.Length - 1 && c == ' ');
            if (special)
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
