using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;

namespace OmeSim.OmeApi.Certificates;

/// <summary>One served certificate in ApplicationService/Certificate: validity dates, issuer and subject.</summary>
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
