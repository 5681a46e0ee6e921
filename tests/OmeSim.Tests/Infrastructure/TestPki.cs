using System.Net;
using System.Text;
using System.Text.Json;
using OmeSim.Core.Pki;

namespace OmeSim.Tests.Infrastructure;

/// <summary>One test CA per test run, made at test time (an RSA key costs ~0.2 s; certificates are never checked in).</summary>
public static class TestPki
{
    private static readonly Lazy<TestCa> LazyCa = new(() => TestCa.Create());

    public static TestCa Ca => LazyCa.Value;

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

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
