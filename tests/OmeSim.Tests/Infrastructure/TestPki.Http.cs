using System.Net;
using System.Text.Json;
using OmeSim.Core.Pki;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Testing;

/// <summary>The HTTP side of the test PKI: a CSR from a running appliance, signed by the one test CA.</summary>
public static partial class TestPki
{
    public const string CsrPath = "/api/ApplicationService/Actions/ApplicationService.GenerateCSR";
    public const string UploadCertificatePath = "/api/ApplicationService/Actions/ApplicationService.UploadCertificate";
    public const string UploadChainPath = "/api/ApplicationService/Actions/ApplicationService.UploadCertChain";

    public const string CsrRequest = """
        {"DistinguishedName":"ome.example.com","DepartmentName":"IT","BusinessName":"Example","Locality":"Round Rock",
         "State":"Texas","Country":"US","Email":"admin@example.com","San":"ome.example.com,ome2.example.com"}
        """;

    /// <summary>GenerateCSR through the appliance's API; returns OME's one-line CSR.</summary>
    public static async Task<string> GenerateCsrAsync(TestAppliance appliance, string request = CsrRequest)
    {
        var response = await appliance.PostJsonAsync(CsrPath, request);
        var body = await OmeAssert.JsonAsync(response, HttpStatusCode.OK);
        return body.GetProperty("CertificateData").GetString()!;
    }

    /// <summary>A fresh CSR from the appliance, signed by the test CA under <paramref name="profile"/>.</summary>
    public static async Task<IssuedChain> SignedChainAsync(TestAppliance appliance, string profile = TestCa.Good) =>
        Ca.Sign(await GenerateCsrAsync(appliance), profile);

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
