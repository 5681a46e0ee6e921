using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Appliance;
using OmeSim.Core.Certificates;

namespace OmeSim.Contracts;

public sealed record InfoBody(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    string Name,
    string Description,
    string Vendor,
    string Branding,
    int ProductType,
    string Version,
    string BuildNumber,
    string BuildDate,
    string Guid,
    string OperationStatus,
    long OperationJobId)
{
    /// <summary>OME does not publish its build dates; OmeSim reports one fixed date (modelled).</summary>
    public const string ModelledBuildDate = "2024-01-17 16:47:07.000";

    public static InfoBody From(ApplianceState state) => new(
        "#ApplicationService.Info",
        "OM Enterprise",
        "OpenManage Enterprise",
        "Dell, Inc.",
        "Dell",
        1,
        state.Settings.Version,
        state.Settings.BuildNumber,
        ModelledBuildDate,
        state.Settings.Guid.ToString(),
        "Idle",
        0);
}

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
    public static CertDetail FromName(X500DistinguishedName name, string? keySize, string? san)
    {
        var parts = CertificateNames.Parse(name);
        return new("#ApplicationService.CertDetail", parts.CommonName, parts.OrganizationalUnit, parts.Organization,
            parts.Locality, parts.State, parts.Country, parts.Email, keySize, san);
    }
}

public sealed record CertInfo(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    string ValidFrom,
    string ValidTo,
    CertDetail IssuedBy,
    CertDetail IssuedTo)
{
    public const string CollectionContext = "/api/$metadata#Collection(ApplicationService.CertInfo)";

    public static CertInfo From(X509Certificate2 leaf) => new(
        "#ApplicationService.CertInfo",
        OmeFormats.IsoSeconds(leaf.NotBefore.ToUniversalTime()),
        OmeFormats.IsoSeconds(leaf.NotAfter.ToUniversalTime()),
        CertDetail.FromName(leaf.IssuerName, null, null),
        CertDetail.FromName(leaf.SubjectName, CertificateNames.KeySize(leaf)?.ToString(System.Globalization.CultureInfo.InvariantCulture), CertificateNames.DnsSans(leaf)));
}

public sealed record CsrBody(string CertificateData);
