using System.IO.Compression;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OmeSim.Core.Pki;
using OmeSim.Hosting;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Control;

public class JournalTests
{
    private const string Login = """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"API"}""";

    [Fact]
    public async Task The_journal_shows_method_path_status_message_id_auth_kind_and_body_size_but_no_password_or_token()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var client = sim.ApplianceClient(sim.Target);
        await TestSimulator.SendAsync(client, HttpMethod.Get, "/api/ApplicationService/Info?$top=1");
        await TestSimulator.SendAsync(client, HttpMethod.Get, "/api/ApplicationService/Info", authenticate: false);
        var login = await TestSimulator.SendAsync(client, HttpMethod.Post, "/api/SessionService/Sessions", Login, authenticate: false);
        var token = login.Headers.GetValues("X-Auth-Token").Single();
        var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/ApplicationService/Info") { Headers = { { "X-Auth-Token", token } } };
        await client.SendAsync(withToken);

        var response = await sim.Control.GetAsync("/appliances/target/journal");
        var text = await response.Content.ReadAsStringAsync();
        var journal = await OmeAssert.JsonAsync(response);

        Assert.Equal(4, journal.GetArrayLength());
        var (basic, none, loginEntry, tokenEntry) = (journal[0], journal[1], journal[2], journal[3]);
        Assert.Equal("GET", basic.GetProperty("Method").GetString());
        Assert.Equal("/api/ApplicationService/Info?$top=1", basic.GetProperty("Path").GetString());
        Assert.Equal(200, basic.GetProperty("Status").GetInt32());
        Assert.Equal("Basic", basic.GetProperty("Auth").GetString());
        Assert.Equal(JsonValueKind.Null, basic.GetProperty("MessageId").ValueKind);
        Assert.Equal(JsonValueKind.Null, basic.GetProperty("ClientCertificateSubject").ValueKind);
        Assert.Equal(401, none.GetProperty("Status").GetInt32());
        Assert.Equal("CGEN1001", none.GetProperty("MessageId").GetString());
        Assert.Equal("None", none.GetProperty("Auth").GetString());
        Assert.Equal(201, loginEntry.GetProperty("Status").GetInt32());
        Assert.Equal(Encoding.UTF8.GetByteCount(Login), loginEntry.GetProperty("RequestBodyBytes").GetInt64());
        Assert.Equal("Token", tokenEntry.GetProperty("Auth").GetString());
        Assert.DoesNotContain(Defaults.Password, text);
        Assert.DoesNotContain("OmeSim#2026", text);
        Assert.DoesNotContain(token, text);
        Assert.Equal(sim.Target.Clock.GetUtcNow().Year, basic.GetProperty("Time").GetDateTimeOffset().Year);
    }

    [Fact]
    public async Task Journal_times_follow_the_appliance_clock_the_ring_keeps_the_latest_and_delete_clears_it()
    {
        await using var sim = await new TestHosts { Customize = o => o with { JournalSize = 3 } }.StartSimulatorAsync();
        var client = sim.ApplianceClient(sim.Source);
        await sim.PutJsonAsync("/appliances/source/clock", """{"Now":"2031-06-01T00:00:00Z"}""");
        for (var i = 0; i < 5; i++)
        {
            await TestSimulator.SendAsync(client, HttpMethod.Get, $"/api/ApplicationService/Info?n={i}");
        }

        var journal = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/source/journal"));
        var cleared = await sim.Control.DeleteAsync("/appliances/source/journal");
        var after = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/source/journal"));

        Assert.Equal(["n=2", "n=3", "n=4"], journal.EnumerateArray().Select(e => e.GetProperty("Path").GetString()!.Split('?')[1]));
        Assert.All(journal.EnumerateArray(), e => Assert.Equal(2031, e.GetProperty("Time").GetDateTimeOffset().Year));
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(0, after.GetArrayLength());
    }

    [Fact]
    public async Task A_client_certificate_presented_in_a_real_tls_handshake_shows_in_the_journal()
    {
        await using var sim = await new TestHosts { RealTls = true }.StartSimulatorAsync();
        using var key = TestHosts.Keys.Take();
        var issued = TestPki.Ca.Issue(TestCa.Good, key, "migration-peer.example.com");
        using var certificate = RSACertificateExtensions.CopyWithPrivateKey(issued.Leaf, key);
        using var client = sim.ApplianceClient(sim.Source, certificate, [.. issued.Certificates.Skip(1).Take(1)]);
        using var anonymous = sim.ApplianceClient(sim.Source);

        var response = await TestSimulator.SendAsync(client, HttpMethod.Get, "/api/ApplicationService/Info");
        await TestSimulator.SendAsync(anonymous, HttpMethod.Get, "/api/ApplicationService/Info");
        var journal = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/source/journal"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CN=migration-peer.example.com", journal[0].GetProperty("ClientCertificateSubject").GetString());
        Assert.Equal(issued.Leaf.Thumbprint, journal[0].GetProperty("ClientCertificateThumbprint").GetString());
        Assert.Equal(JsonValueKind.Null, journal[1].GetProperty("ClientCertificateThumbprint").ValueKind);
    }

    [Fact]
    public async Task The_log_bundle_is_a_zip_of_application_log_and_the_journal_without_secrets()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var client = sim.ApplianceClient(sim.Target);
        await TestSimulator.SendAsync(client, HttpMethod.Post, "/api/SessionService/Sessions", Login, authenticate: false);
        var rejected = await sim.Control.PostAsync("/appliances/target/provision?profile=no-key-encipherment", null);
        var envelope = await rejected.Content.ReadAsStringAsync();

        var response = await sim.Control.GetAsync("/appliances/target/logs");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Equal(["journal.json", "tomcat/application.log"], zip.Entries.Select(e => e.FullName).Order());
        var log = Read(zip, "tomcat/application.log");
        var journal = JsonDocument.Parse(Read(zip, "journal.json")).RootElement;
        Assert.Contains("SSLController - uploadNewCertificateChain(): Error uploading certificate chain: " + envelope, log);
        Assert.Equal("/api/SessionService/Sessions", journal[0].GetProperty("Path").GetString());
        foreach (var text in new[] { log, Read(zip, "journal.json") })
        {
            Assert.DoesNotContain("PRIVATE KEY", text);
            Assert.DoesNotContain(Defaults.Password, text);
        }
        var info = JsonDocument.Parse(envelope).RootElement.GetProperty("error").GetProperty("@Message.ExtendedInfo")[0];
        Assert.Equal("User Certificate is not a web server certificate.", info.GetProperty("MessageArgs")[0].GetString());
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
