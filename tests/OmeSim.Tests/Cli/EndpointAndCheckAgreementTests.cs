using System.CommandLine;
using System.Net;
using System.Text.Json;
using OmeSim.Cli;
using OmeSim.Core.Pki;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Cli;

/// <summary>
/// The endpoint and the offline check run the same Core rules: for the same file they must give the same answer, byte for byte.
/// One appliance serves every case: each case makes its own CSR first, which is all the rules depend on.
/// </summary>
public sealed class EndpointAndCheckAgreementTests(ApplianceFixture shared) : IClassFixture<ApplianceFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("omesim-agree-").FullName;

    public void Dispose() => Directory.Delete(_directory, true);

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var profile in TestCa.Profiles)
        {
            data.Add(profile, false);
            data.Add(profile, true);
        }
        data.Add("garbage", false);
        data.Add("der", false);
        data.Add("der", true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Upload_and_check_give_the_same_status_and_body_for_the_same_file(string profile, bool single)
    {
        var appliance = shared.Appliance;
        var csr = await TestPki.GenerateCsrAsync(appliance);
        var file = profile switch
        {
            "garbage" => TestPki.Bytes("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"),
            "der" => TestPki.Ca.Sign(csr, TestCa.Good).Leaf.RawData,
            _ when single => TestPki.Bytes(TestPki.Ca.Sign(csr, profile).LeafPem()),
            _ => TestPki.Bytes(TestPki.Ca.Sign(csr, profile).ToPem()),
        };
        var filePath = Path.Combine(_directory, "upload.pem");
        await File.WriteAllBytesAsync(filePath, file);
        var csrPath = Path.Combine(_directory, "ome.csr");
        await File.WriteAllTextAsync(csrPath, csr);

        var response = await appliance.PostBytesAsync(single ? TestPki.UploadCertificatePath : TestPki.UploadChainPath, file);
        var answered = await response.Content.ReadAsStringAsync();
        var output = new StringWriter();
        string[] args = single ? [filePath, "--csr", csrPath, "--single", "--json"] : [filePath, "--csr", csrPath, "--json"];
        var exit = CheckCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        using var report = JsonDocument.Parse(output.ToString());

        Assert.Equal((int)response.StatusCode, report.RootElement.GetProperty("HttpStatus").GetInt32());
        Assert.Equal(response.StatusCode == HttpStatusCode.OK ? 0 : 1, exit);
        var predicted = report.RootElement.GetProperty("Answer");
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(JsonValueKind.Null, predicted.ValueKind);
            Assert.Empty(answered);
        }
        else
        {
            Assert.Equal(answered, predicted.GetRawText());
        }
    }
}
