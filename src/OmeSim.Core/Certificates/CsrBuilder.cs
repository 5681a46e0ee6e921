using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Core.Certificates;

/// <summary>Makes GenerateCSR's CSR: SHA256withRSA, subject from the fields, each SAN a DNS name, in OME's one-line PEM form.</summary>
public static class CsrBuilder
{
    /// <summary>The CSR as OME answers it (see <see cref="PemText"/>); validate <paramref name="fields"/> first.</summary>
    public static string Create(CsrFields fields, RSA key) =>
        PemText.ToOmeForm(PemText.CertificateRequestLabel, CreateDer(fields, key));

    public static byte[] CreateDer(CsrFields fields, RSA key)
    {
        if (string.IsNullOrWhiteSpace(fields.DistinguishedName))
        {
            throw new ArgumentException("A CSR needs a DistinguishedName (common name).", nameof(fields));
        }
        // The builder encodes in reverse order of the calls: this gives C, ST, L, O, OU, CN, emailAddress, as openssl req does.
        var subject = new X500DistinguishedNameBuilder();
        Add(fields.Email, subject.AddEmailAddress);
        subject.AddCommonName(fields.DistinguishedName);
        Add(fields.DepartmentName, subject.AddOrganizationalUnitName);
        Add(fields.BusinessName, subject.AddOrganizationName);
        Add(fields.Locality, subject.AddLocalityName);
        Add(fields.State, subject.AddStateOrProvinceName);
        Add(fields.Country, c => subject.AddCountryOrRegion(c.ToUpperInvariant()));

        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (fields.SanNames is { Count: > 0 } sans)
        {
            request.CertificateExtensions.Add(X509Builder.DnsSan(sans));
        }
        return request.CreateSigningRequest();
    }

    private static void Add(string? value, Action<string> add)
    {
        if (!string.IsNullOrEmpty(value))
        {
            add(value);
        }
    }
}
