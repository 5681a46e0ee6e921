using System.Text.Json.Serialization;
using OmeSim.Core.Certificates;

namespace OmeSim.OmeApi.Certificates;

/// <summary>The issuer or subject of a certificate as ApplicationService/Certificate shows it.</summary>
public sealed record CertDetail(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    string? DistinguishedName,
    string? DepartmentName,
    string? BusinessName,
    string? Locality,
    string? State,
    string? Country,
    string? Email,
    string? KeySize,
    string? San)
{
    public static CertDetail From(CertificateNames names, bool withKey) => new(
        "#ApplicationService.CertDetail", names.CommonName, names.OrganizationalUnit, names.Organization, names.Locality,
        names.State, names.Country, names.Email,
        withKey ? names.KeySize?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        withKey ? names.DnsNames : null);
}
