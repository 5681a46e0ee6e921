using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;

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
    public static CertDetail From(CertificateNames names, bool withKey) => new(
        "#ApplicationService.CertDetail", names.CommonName, names.OrganizationalUnit, names.Organization, names.Locality,
        names.State, names.Country, names.Email,
        withKey ? names.KeySize?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        withKey ? names.DnsNames : null);
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
        OmeTime.IsoSeconds(leaf.NotBefore.ToUniversalTime()),
        OmeTime.IsoSeconds(leaf.NotAfter.ToUniversalTime()),
        CertDetail.From(CertificateNames.OfIssuer(leaf), withKey: false),
        CertDetail.From(CertificateNames.OfSubject(leaf), withKey: true));
}

public sealed record CsrBody(string CertificateData);
