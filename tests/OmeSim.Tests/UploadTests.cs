using System.Net;
using OmeSim.Core.Pki;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests;

public class UploadTests
{
    public static TheoryData<string, string, string?> ChainRows => new()
    {
        { TestCa.Good, "", null },
        { TestCa.OtherKeyProfile, "CGEN1008", "Invalid CSR key." },
        { TestCa.MissingIntermediate, "CGEN1008", "Invalid certificate chain provided." },
        { TestCa.MissingRoot, "CGEN1008", "Invalid certificate chain provided." },
        { TestCa.Depth11, "CGEN1008", "Invalid certificate chain provided." },
        { TestCa.NoCn, "CGEN1008", "Common name not found in leaf certificate." },
        { TestCa.WildcardCn, "CGEN1008", "Common name not found in leaf certificate." },
        { TestCa.ServerOnlyEku, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate." },
        { TestCa.NoKeyEncipherment, "CGEN1008", "User Certificate is not a web server certificate." },
        { TestCa.Expired, "", null },
        { TestCa.NotYetValid, "", null },
        { TestCa.InterCa2Profile, "", null },
        { TestCa.NoEku, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate." },
        { TestCa.V1NoExtensions, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate." },
        { TestCa.AnyEku, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate." },
        { TestCa.BadSignature, "CGEN1008", "Invalid certificate chain provided." },
        { TestCa.BmpStringNames, "", null },
        { TestCa.T61StringNames, "", null },
        { TestCa.NonCriticalKeyUsage, "", null },
    };

    [Theory]
    [MemberData(nameof(ChainRows))]
    public async Task Chain_upload_answers_each_row_of_the_rules_table_and_logs_the_answered_body(string profile, string messageId, string? arg)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance, profile);

        var response = await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()));

        if (arg is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(chain.Leaf.Thumbprint, appliance.Appliance.Served.Leaf.Thumbprint);
            Assert.Empty(appliance.Node.Log.Lines());
            return;
        }
        var body = await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, messageId, arg);
        var line = Assert.Single(appliance.Node.Log.Lines());
        Assert.Matches(@"^\[ERROR\] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[ajp-nio-0:0:0:0:0:0:0:1-8009-exec-\d+\] "
            + @"SSLController - uploadNewCertificateChain\(\): Error uploading certificate chain: ", line);
        Assert.EndsWith(": " + body, line);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")]
    public async Task Chain_upload_of_a_file_that_is_not_base64_pem_answers_csec9002(string text)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(text));

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CSEC9002");
        Assert.Contains("uploadNewCertificateChain()", Assert.Single(appliance.Node.Log.Lines()));
    }

    [Fact]
    public async Task Chain_upload_of_der_answers_csec9002_and_changes_nothing()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);
        var served = appliance.Appliance.Served.Leaf.Thumbprint;

        var response = await appliance.PostBytesAsync(TestPki.UploadChainPath, chain.Leaf.RawData);

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CSEC9002");
        Assert.Equal(served, appliance.Appliance.Served.Leaf.Thumbprint);
    }

    [Fact]
    public async Task Chain_upload_sets_the_trusted_root_and_certificate_reports_the_leaf()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);

        var response = await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestPki.Ca.Root.Thumbprint, Assert.Single(appliance.Appliance.Served.TrustedRoots).Thumbprint);
        var body = await OmeAssert.JsonAsync(await appliance.GetAsync("/api/ApplicationService/Certificate"));
        Assert.Equal(1, body.GetProperty("@odata.count").GetInt32());
        var info = body.GetProperty("value")[0];
        Assert.Equal("ome.example.com", info.GetProperty("IssuedTo").GetProperty("DistinguishedName").GetString());
        Assert.Equal("ome.example.com,ome2.example.com", info.GetProperty("IssuedTo").GetProperty("San").GetString());
        Assert.Equal("2048", info.GetProperty("IssuedTo").GetProperty("KeySize").GetString());
        Assert.Equal("Inter-CA1", info.GetProperty("IssuedBy").GetProperty("DistinguishedName").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", info.GetProperty("ValidTo").GetString());
    }

    [Fact]
    public async Task Single_upload_accepts_the_leaf_with_octet_stream_accept_header()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);
        var request = new HttpRequestMessage(HttpMethod.Post, TestPki.UploadCertificatePath)
        {
            Content = new ByteArrayContent(TestPki.Bytes(chain.LeafPem())) { Headers = { ContentType = new("application/octet-stream") } },
        };
        request.Headers.Authorization = TestAppliance.Basic();
        request.Headers.Accept.ParseAdd("application/octet-stream");

        var response = await appliance.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(chain.Leaf.Thumbprint, appliance.Appliance.Served.Leaf.Thumbprint);
        Assert.Empty(appliance.Appliance.Served.TrustedRoots);
    }

    /// <summary>An absent EKU or key usage extension restricts nothing (RFC 5280): Dell's TestCertPos and Ansible test expect these uploads to pass.</summary>
    [Theory]
    [InlineData(TestCa.V1NoExtensions)]
    [InlineData(TestCa.NoEku)]
    [InlineData(TestCa.BmpStringNames)]
    [InlineData(TestCa.T61StringNames)]
    [InlineData(TestCa.NonCriticalKeyUsage)]
    [InlineData(TestCa.BadSignature)]
    public async Task Single_upload_accepts_what_the_rules_accept_and_the_https_port_serves_it(string profile)
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance, profile);

        var response = await appliance.PostBytesAsync(TestPki.UploadCertificatePath, TestPki.Bytes(chain.LeafPem()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        Assert.Empty(appliance.Node.Log.Lines());
        await using var probe = await TlsProbe.ConnectAsync(appliance.Node.Url);
        Assert.Equal(chain.Leaf.RawData, Assert.Single(probe.Served).RawData);
    }

    [Theory]
    [InlineData(TestCa.AnyEku, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.")]
    [InlineData(TestCa.OtherKeyProfile, "CGEN1008", "Invalid CSR key.")]
    [InlineData(TestCa.NoKeyEncipherment, "CSEC9002", null)]
    [InlineData(TestCa.WildcardCn, "CGEN1008", "Common name not found in leaf certificate.")]
    [InlineData(TestCa.NoCn, "CGEN1008", "Common name not found in leaf certificate.")]
    public async Task Single_upload_answers_its_rows_and_logs_the_body_alone(string profile, string messageId, string? arg)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance, profile);

        var response = await appliance.PostBytesAsync(TestPki.UploadCertificatePath, TestPki.Bytes(chain.LeafPem()));

        var body = await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, messageId, arg is null ? [] : [arg]);
        Assert.Matches(@"^\[ERROR\] \S+ \S+ \[ajp-nio-0:0:0:0:0:0:0:1-8009-exec-\d+\] SSLController - \{", Assert.Single(appliance.Node.Log.Lines()));
        Assert.EndsWith("SSLController - " + body, appliance.Node.Log.Lines()[0]);
    }

    [Fact]
    public async Task Single_upload_of_der_answers_csec9002()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);

        await OmeAssert.ErrorAsync(await appliance.PostBytesAsync(TestPki.UploadCertificatePath, chain.Leaf.RawData), HttpStatusCode.BadRequest, "CSEC9002");
    }

    [Fact]
    public async Task A_certificate_for_an_older_csr_is_refused_after_a_new_GenerateCsr()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var old = await TestPki.SignedChainAsync(appliance);
        await TestPki.GenerateCsrAsync(appliance);

        var response = await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(old.ToPem()));

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN1008", "Invalid CSR key.");
    }

    [Fact]
    public async Task Re_uploading_the_same_chain_is_accepted_while_the_csr_key_stands()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);
        Assert.Equal(HttpStatusCode.OK, (await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()))).StatusCode);
    }
}
