using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Control;

public class PkiTests
{
    [Fact]
    public async Task Root_and_intermediates_are_the_test_cas_certificates_as_pem()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        var root = await sim.Control.GetAsync("/pki/root.pem");
        var intermediates = new X509Certificate2Collection();
        intermediates.ImportFromPem(await sim.Control.GetStringAsync("/pki/intermediates.pem"));

        Assert.Equal("application/x-pem-file", root.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TestPki.Ca.Root.Thumbprint, X509Certificate2.CreateFromPem(await root.Content.ReadAsStringAsync()).Thumbprint);
        Assert.Equal([TestPki.Ca.InterCa1.Thumbprint, TestPki.Ca.InterCa2.Thumbprint], intermediates.Select(c => c.Thumbprint));
    }

    [Fact]
    public async Task Sign_turns_omes_one_line_csr_into_a_chain_leaf_first_root_last()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var csr = await CsrFromAppliance(sim);
        Assert.DoesNotContain('\n', csr);

        var response = await sim.Control.PostAsync("/pki/sign?profile=good", new StringContent(csr, Encoding.ASCII, "application/x-pem-file"));
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-pem-file", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, chain.Count);
        Assert.Equal("CN=target.example.com", chain[0].Subject.Split(", ")[0]);
        Assert.Equal(TestPki.Ca.InterCa1.Thumbprint, chain[1].Thumbprint);
        Assert.Equal(TestPki.Ca.Root.Thumbprint, chain[2].Thumbprint);
        Assert.Equal(PemText.ReadCertificateRequest(csr).PublicKey.ExportSubjectPublicKeyInfo(), chain[0].PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task Sign_reads_the_csr_whatever_the_content_type_as_curl_data_binary_sends_a_form_type()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var csr = await CsrFromAppliance(sim);

        var response = await sim.Control.PostAsync("/pki/sign?profile=good", new StringContent(csr, Encoding.ASCII, "application/x-www-form-urlencoded"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("-----BEGIN CERTIFICATE-----", body);
    }

    [Fact]
    public async Task Sign_with_an_unknown_profile_lists_the_profiles_and_a_body_that_is_no_csr_answers_400()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        var unknown = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/pki/sign?profile=great", new StringContent("x")), HttpStatusCode.BadRequest);
        var missing = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/pki/sign", new StringContent("x")), HttpStatusCode.BadRequest);
        var brokenCsr = new StringContent("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
        var notCsr = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/pki/sign?profile=good", brokenCsr), HttpStatusCode.BadRequest);

        Assert.Contains("great", unknown.GetProperty("Error").GetString());
        Assert.Equal(
            [
                "good", "server-only-eku", "no-key-encipherment", "no-cn", "wildcard-cn", "missing-intermediate", "missing-root", "inter-ca2",
                "depth-11", "other-key", "expired", "not-yet-valid", "no-eku", "v1-no-extensions", "bad-signature", "bmpstring-names",
                "t61string-names", "non-critical-key-usage", "any-eku",
            ],
            unknown.GetProperty("Known").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(19, missing.GetProperty("Known").GetArrayLength());
        Assert.StartsWith("Name a profile. Known: good, server-only-eku, ", missing.GetProperty("Error").GetString());
        Assert.Contains("not a certificate signing request", notCsr.GetProperty("Error").GetString());
    }

    [Fact]
    public async Task The_root_key_is_refused_with_403_unless_serve_exposes_it()
    {
        await using var closed = await new TestHosts().StartSimulatorAsync();
        await using var open = await new TestHosts { ExposeCaKey = true }.StartSimulatorAsync();

        var refused = await OmeAssert.JsonAsync(await closed.Control.GetAsync("/pki/root-key.pem"), HttpStatusCode.Forbidden);
        var key = await open.Control.GetAsync("/pki/root-key.pem");

        Assert.Contains("--expose-ca-key", refused.GetProperty("Error").GetString());
        Assert.Equal(HttpStatusCode.OK, key.StatusCode);
        var keyPem = await key.Content.ReadAsStringAsync();
        using var root = X509Certificate2.CreateFromPem(TestPki.Ca.RootPem, keyPem);
        Assert.True(root.HasPrivateKey);
    }

    [Fact]
    public async Task Provision_good_answers_200_and_the_appliance_then_serves_the_test_cas_chain()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var factory = sim.Source.Appliance.Served.Leaf.Thumbprint;

        var summary = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/appliances/source/provision?profile=good", null));
        var certificate = await OmeAssert.JsonAsync(
            await TestSimulator.SendAsync(sim.ApplianceClient(sim.Source), HttpMethod.Get, "/api/ApplicationService/Certificate"));

        var served = sim.Source.Appliance.Served;
        Assert.NotEqual(factory, served.Leaf.Thumbprint);
        Assert.Equal(served.Leaf.Thumbprint, summary.GetProperty("Thumbprint").GetString());
        // One way to write a name everywhere: encoded order and OpenSSL's short names, as openssl x509 -subject lists them.
        Assert.Equal("C=US, ST=Texas, L=Round Rock, O=OmeSim, OU=Test, CN=omesim-source", summary.GetProperty("Subject").GetString());
        Assert.Equal("CN=Inter-CA1", summary.GetProperty("Issuer").GetString());
        Assert.Equal(2, summary.GetProperty("ChainLength").GetInt32());
        Assert.False(summary.GetProperty("SelfSigned").GetBoolean());
        Assert.Equal(TestPki.Ca.Root.Thumbprint, Assert.Single(served.TrustedRoots).Thumbprint);
        Assert.Contains("Inter-CA1", certificate.GetRawText());
        // The CSR's key now serves: nothing is pending any more.
        var after = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/source"));
        Assert.False(after.GetProperty("CsrKeyPending").GetBoolean());
    }

    [Fact]
    public async Task Provision_with_no_key_encipherment_answers_the_appliances_own_cgen1008_envelope_and_changes_nothing()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var factory = sim.Target.Appliance.Served.Leaf.Thumbprint;

        var response = await sim.Control.PostAsync("/appliances/target/provision?profile=no-key-encipherment", null);

        var body = await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN1008", "User Certificate is not a web server certificate.");
        Assert.Equal(factory, sim.Target.Appliance.Served.Leaf.Thumbprint);
        Assert.Equal("[ERROR]", sim.Target.Log.Lines().Single()[..7]);
        Assert.EndsWith("SSLController - uploadNewCertificateChain(): Error uploading certificate chain: " + body, sim.Target.Log.Lines().Single());
    }

    [Fact]
    public async Task Provision_with_an_unknown_profile_or_appliance_answers_a_control_error_and_changes_nothing()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        var profile = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/appliances/target/provision?profile=best", null), HttpStatusCode.BadRequest);
        var appliance = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/appliances/nope/provision?profile=good", null), HttpStatusCode.NotFound);

        Assert.Equal(19, profile.GetProperty("Known").GetArrayLength());
        Assert.StartsWith("Unknown profile 'best'. Known: good, ", profile.GetProperty("Error").GetString());
        Assert.Contains("nope", appliance.GetProperty("Error").GetString());
        Assert.False(sim.Target.Appliance.HasPendingCsrKey);
    }

    [Trait("Speed", "Slow")]
    [Fact]
    public async Task The_test_ca_is_made_once_per_data_folder_and_kept_there()
    {
        var data = Directory.CreateTempSubdirectory("omesim-ca-").FullName;
        try
        {
            string first;
            await using (var sim = await new TestHosts { DataDirectory = data }.StartSimulatorAsync())
            {
                first = await sim.Control.GetStringAsync("/pki/root.pem");
            }
            await using var again = await new TestHosts { DataDirectory = data }.StartSimulatorAsync();

            Assert.Equal(first, await again.Control.GetStringAsync("/pki/root.pem"));
            Assert.True(File.Exists(Path.Combine(data, "test-ca", TestCa.RootCertFile)));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<string> CsrFromAppliance(TestSimulator sim)
    {
        var response = await TestSimulator.SendAsync(sim.ApplianceClient(sim.Target), HttpMethod.Post,
            "/api/ApplicationService/Actions/ApplicationService.GenerateCSR", """{"DistinguishedName":"target.example.com","San":"target.example.com"}""");
        return (await OmeAssert.JsonAsync(response)).GetProperty("CertificateData").GetString()!;
    }
}
