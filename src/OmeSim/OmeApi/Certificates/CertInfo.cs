using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;

namespace OmeSim.OmeApi.Certificates;

/// <summary>One served certificate in ApplicationService/Certificate: validity dates, issuer and subject.</summary>
public sealed record CertInfo
{
    public const string CollectionContext = "/api/$metadata#Collection(ApplicationService.CertInfo)";

    [JsonPropertyName("@odata.type")]
    public string ODataType => "#ApplicationService.CertInfo";

    public required string ValidFrom { get; init; }

    public required string ValidTo { get; init; }

    public required CertDetail IssuedBy { get; init; }

    public required CertDetail IssuedTo { get; init; }

    public static CertInfo From(X509Certificate2 leaf) => new()
    {
        ValidFrom = OmeTime.IsoSeconds(leaf.NotBefore.ToUniversalTime()),
        ValidTo = OmeTime.IsoSeconds(leaf.NotAfter.ToUniversalTime()),
        IssuedBy = CertDetail.From(CertificateNames.OfIssuer(leaf), withKey: false),
        IssuedTo = CertDetail.From(CertificateNames.OfSubject(leaf), withKey: true),
    };
}
