using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OmeSim.Core.Pki;
using OmeSim.Core.Sessions;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Robustness;

public sealed class SecretsAndLimitsTests
{
    private const string Password = "Secret-Flow#Pass-5521";

    [Trait("Speed", "Slow")]
    [Fact]
    public async Task The_whole_flow_never_shows_the_password_or_any_private_key_in_logs_journals_bundles_or_answers()
    {
        var data = Directory.CreateTempSubdirectory("omesim-secrets-");
        try
        {
            // Source on 127.0.0.2 and target on 127.0.0.3 over real TLS, each with its own data folder; the run's test CA.
            var hosts = new TestHosts { RealTls = true, Customize = o => o with { Password = Password, DataDirectory = Path.Combine(data.FullName, o.Name) } };
            await using var sim = await hosts.StartSimulatorAsync();
            var target = sim.Target;
            using var client = Probe.Client(target.Url);
            var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)));
            var answers = new StringBuilder();
            var keys = new List<string> { target.Appliance.State.ServerKeyPem, sim.Source.Appliance.State.ServerKeyPem };

            async Task<HttpResponseMessage> Send(HttpRequestMessage request, bool auth = true)
            {
                if (auth && !request.Headers.Contains("X-Auth-Token"))
                {
                    request.Headers.Authorization = basic;
                }
                var response = await client.SendAsync(request);
                answers.AppendLine(response.ToString()).AppendLine(await response.Content.ReadAsStringAsync());
                return response;
            }

            async Task<HttpResponseMessage> Control(HttpMethod method, string path)
            {
                var response = await sim.Control.SendAsync(new HttpRequestMessage(method, path));
                answers.AppendLine(response.ToString()).AppendLine(await response.Content.ReadAsStringAsync());
                return response;
            }

            var login = await Send(
                BadInput.Json(BadInput.SessionsPath, $$"""{"UserName":"admin","Password":"{{Password}}","SessionType":"API"}""", auth: false), auth: false);
            Assert.Equal(HttpStatusCode.Created, login.StatusCode);
            var token = login.Headers.GetValues("X-Auth-Token").Single();
            var sessionId = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("Id").GetString();
            await Send(BadInput.Json(BadInput.SessionsPath, """{"UserName":"admin","Password":"wrong-password"}""", auth: false), auth: false);
            await Send(new HttpRequestMessage(HttpMethod.Get, "/api/SessionService/Sessions"));

            string csr = "";
            for (var i = 0; i < 2; i++)
            {
                var response = await Send(BadInput.Json(BadInput.CsrPath, BadInput.ValidCsrJson));
                csr = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("CertificateData").GetString()!;
                keys.Add(target.Appliance.State.CsrKeyPem!);
            }
            var good = TestPki.Ca.Sign(csr, TestCa.Good);
            var otherKey = TestPki.Ca.Sign(csr, TestCa.OtherKeyProfile);
            keys.Add(otherKey.OtherKeyPem!);
            keys.Add(TestPki.Ca.RootKeyPem);

            // Failed uploads, one carrying a private key beside the certificates (the log must not echo the file).
            await Send(BadInput.Post(BadInput.ChainPath, Encoding.ASCII.GetBytes(otherKey.OtherKeyPem + otherKey.ToPem()), "application/octet-stream"));
            await Send(BadInput.Post(BadInput.SinglePath, Encoding.ASCII.GetBytes(otherKey.LeafPem() + otherKey.OtherKeyPem), "application/octet-stream"));
            await Send(BadInput.Post(BadInput.ChainPath, Encoding.ASCII.GetBytes(otherKey.OtherKeyPem!), "application/octet-stream"));
            await Send(BadInput.Post(BadInput.ChainPath, Encoding.ASCII.GetBytes(good.ToPem()[..400]), "application/octet-stream"));
            var upload = await Send(BadInput.Post(BadInput.ChainPath, Encoding.ASCII.GetBytes(good.ToPem()), "application/octet-stream"));
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
            keys.Add(target.Appliance.State.ServerKeyPem);
            await Send(new HttpRequestMessage(HttpMethod.Get, "/api/ApplicationService/Certificate"));
            await Send(new HttpRequestMessage(HttpMethod.Get, BadInput.InfoPath));

            // The source gets a chain of the same CA through the control plane; the root key stays refused without the flag.
            Assert.Equal(HttpStatusCode.OK, (await Control(HttpMethod.Post, $"/appliances/source/provision?profile={TestCa.Good}")).StatusCode);
            keys.Add(sim.Source.Appliance.State.ServerKeyPem);
            Assert.Equal(HttpStatusCode.Forbidden, (await Control(HttpMethod.Get, "/pki/root-key.pem")).StatusCode);

            // Migration: once with the right source password (validated), once with a wrong one (the source refuses it).
            var migration = $$"""{"SourceAddress":"127.0.0.2","SourcePort":{{sim.Source.Url.Port}},"SourceUserName":"admin","SourcePassword":"{{Password}}"}""";
            var validated = await Send(BadInput.Json(OmeSim.OmeApi.Migration.MigrationClient.ValidateConnectionPath, migration));
            Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
            var refused = await Send(BadInput.Json(
                OmeSim.OmeApi.Migration.MigrationClient.ValidateConnectionPath, migration.Replace(Password, Password + "-wrong", StringComparison.Ordinal)));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

            var logout = new HttpRequestMessage(HttpMethod.Delete, $"/api/SessionService/Sessions('{sessionId}')");
            logout.Headers.Add("X-Auth-Token", token);
            Assert.Equal(HttpStatusCode.NoContent, (await Send(logout)).StatusCode);

            var haystacks = new List<(string Name, string Text)> { ("API and control answers", answers.ToString()) };
            foreach (var node in new[] { sim.Source, target })
            {
                var name = node.Options.Name;
                haystacks.Add(($"{name} application.log", node.Log.ReadAll() + File.ReadAllText(node.Log.FilePath!)));
                var journal = await Control(HttpMethod.Get, $"/appliances/{name}/journal");
                haystacks.Add(($"{name} journal", await journal.Content.ReadAsStringAsync()));
                var bundle = await sim.Control.GetAsync($"/appliances/{name}/logs");
                Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
                using var zip = new ZipArchive(new MemoryStream(await bundle.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
                Assert.NotEmpty(zip.Entries);
                foreach (var entry in zip.Entries)
                {
                    using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                    haystacks.Add(($"{name} log bundle {entry.FullName}", await reader.ReadToEndAsync()));
                }
            }
            // The logs and journals did see the flow: what is absent is absent because it was kept out.
            var targetLog = target.Log.ReadAll();
            Assert.Contains("CGEN1008", targetLog, StringComparison.Ordinal);
            Assert.Contains("connection validated", targetLog, StringComparison.Ordinal);
            Assert.Contains("refused the credentials", targetLog, StringComparison.Ordinal);
            Assert.Contains("verifyPeer()", sim.Source.Log.ReadAll(), StringComparison.Ordinal);
            Assert.Contains(haystacks, h => h.Name == "source journal" && h.Text.Contains("MigrationService.VerifyPeer", StringComparison.Ordinal));
            Assert.Contains(haystacks, h => h.Name == "target journal" && h.Text.Contains("MigrationService.ValidateConnection", StringComparison.Ordinal));
            // Every file of both data folders but the key files, which hold keys by design.
            var notKeys = Directory.EnumerateFiles(data.FullName, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".key", StringComparison.Ordinal));
            foreach (var file in notKeys)
            {
                haystacks.Add(($"data folder file {Path.GetRelativePath(data.FullName, file)}", File.ReadAllText(file)));
            }

            var basicForm = Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password));
            var distinctKeys = keys.Distinct().ToList();
            var keyLines = distinctKeys.SelectMany(SecretLinesOf).Distinct().ToList();
            Assert.True(keyLines.Count >= distinctKeys.Count * 15, "every key's secret Base 64 lines are searched");
            foreach (var (name, haystack) in haystacks)
            {
                Assert.False(haystack.Contains(Password, StringComparison.Ordinal), $"{name} holds the password.");
                Assert.False(haystack.Contains(basicForm, StringComparison.Ordinal), $"{name} holds the Basic credentials.");
                foreach (var line in keyLines)
                {
                    Assert.False(haystack.Contains(line, StringComparison.Ordinal), $"{name} holds a line of a private key: {line[..12]}...");
                }
            }
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_journal_keeps_exactly_journal_size_entries_the_newest_on_a_real_socket()
    {
        const int size = 4;
        await using var sim = await new TestHosts { RealTls = true, Customize = o => o with { JournalSize = size } }.StartSimulatorAsync();
        using var client = Probe.Client(sim.Source.Url);
        for (var i = 0; i < 3 * size + 1; i++)
        {
            // Mixed outcomes: answered, refused without credentials, unknown route.
            var request = new HttpRequestMessage(HttpMethod.Get, (i % 3 == 2 ? "/api/NoSuchService" : BadInput.InfoPath) + $"?n={i}");
            if (i % 3 != 1)
            {
                request.Headers.Authorization = TestAppliance.Basic();
            }
            using var response = await client.SendAsync(request);
        }

        var journal = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/source/journal"));
        var bundle = await sim.Control.GetAsync("/appliances/source/logs");
        using var zip = new ZipArchive(new MemoryStream(await bundle.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("journal.json")!.Open());
        var bundled = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement;

        string[] newest = [.. Enumerable.Range(2 * size + 1, size).Select(i => $"n={i}")];
        foreach (var entries in new[] { journal, bundled })
        {
            Assert.Equal(size, entries.GetArrayLength());
            Assert.Equal(newest, entries.EnumerateArray().Select(e => e.GetProperty("Path").GetString()!.Split('?')[1]));
            var sequences = entries.EnumerateArray().Select(e => e.GetProperty("Sequence").GetInt64()).ToArray();
            Assert.Equal(sequences.Order(), sequences);
            Assert.Equal(sequences.Length, sequences.Distinct().Count());
        }
        Assert.Equal([200, 401, 404, 200], journal.EnumerateArray().Select(e => e.GetProperty("Status").GetInt32()));
    }

    [Theory]
    [InlineData(BadInput.CsrPath)]
    [InlineData(BadInput.ChainPath)]
    [InlineData(BadInput.SinglePath)]
    [InlineData(BadInput.SessionsPath)]
    public async Task A_body_over_the_configured_limit_answers_413_cgen1008_on_a_real_socket(string path)
    {
        await using var appliance = await new TestHosts { RealTls = true, Customize = o => o with { MaxRequestBodyBytes = 4096 } }.StartApplianceAsync();

        using var first = Probe.Client(appliance.Node.Url);
        using var second = Probe.Client(appliance.Node.Url);
        var declared = await first.SendAsync(BadInput.Post(path, new byte[4097], "application/json"));
        var chunked = BadInput.Post(path, [], "application/json");
        chunked.Content = new StreamContent(new MemoryStream(new byte[5000]));
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.ExpectContinue = true;
        var streamed = await second.SendAsync(chunked);

        await OmeAssert.ErrorAsync(declared, HttpStatusCode.RequestEntityTooLarge, "CGEN1008", "Request body too large.");
        await OmeAssert.ErrorAsync(streamed, HttpStatusCode.RequestEntityTooLarge, "CGEN1008", "Request body too large.");
    }

    [Fact]
    public async Task After_a_413_the_same_keep_alive_client_is_answered_again()
    {
        await using var appliance = await new TestHosts { RealTls = true, Customize = o => o with { MaxRequestBodyBytes = 4096 } }.StartApplianceAsync();
        using var client = Probe.Client(appliance.Node.Url, connections: 1);

        for (var i = 0; i < 3; i++)
        {
            var refused = await client.SendAsync(BadInput.Post(BadInput.ChainPath, new byte[4097 + i * 10_000], "application/octet-stream"));
            await OmeAssert.ErrorAsync(refused, HttpStatusCode.RequestEntityTooLarge, "CGEN1008", "Request body too large.");
            var read = await client.SendAsync(
                new HttpRequestMessage(HttpMethod.Get, BadInput.InfoPath) { Headers = { Authorization = TestAppliance.Basic() } });
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
    }

    [Fact]
    public async Task The_session_limit_answers_cgen1008_and_frees_a_place_on_logout()
    {
        var hosts = new TestHosts { RealTls = true, Customize = o => o with { SessionLimits = new SessionLimits(3, TimeSpan.FromMinutes(30)) } };
        await using var appliance = await hosts.StartApplianceAsync();
        using var client = Probe.Client(appliance.Node.Url);
        var sessions = new List<(string Id, string Token)>();
        for (var i = 0; i < 3; i++)
        {
            sessions.Add(await BadInputCorpusTests.LoginAsync(client));
        }

        var refused = await client.SendAsync(BadInput.Json(BadInput.SessionsPath, BadInput.ValidLoginJson, auth: false));
        var body = await OmeAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "CGEN1008", "Maximum number of sessions reached.");
        Assert.DoesNotContain("X-Auth-Token", refused.Headers.Select(h => h.Key));
        var logout = new HttpRequestMessage(HttpMethod.Delete, $"/api/SessionService/Sessions('{sessions[0].Id}')");
        logout.Headers.Add("X-Auth-Token", sessions[0].Token);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(BadInput.Json(BadInput.SessionsPath, BadInput.ValidLoginJson, auth: false))).StatusCode);
        Assert.NotEmpty(body);
    }

    /// <summary>
    /// The Base 64 lines of a private key's PEM, but those whose bytes lie wholly inside the public key (an RSA modulus):
    /// the CSR and the certificate carry the modulus too, and where its offset in both encodings differs by a multiple
    /// of 48 bytes, a line of public bytes is the same text in both.
    /// </summary>
    private static IEnumerable<string> SecretLinesOf(string pem)
    {
        byte[] publicBytes;
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            publicBytes = rsa.ExportParameters(false).Modulus!;
        }
        catch (ArgumentException)
        {
            using var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            var q = ec.ExportParameters(false).Q;
            publicBytes = [4, .. q.X!, .. q.Y!];
        }
        return pem.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("-----", StringComparison.Ordinal) && l.Length >= 16)
            .Where(l => publicBytes.AsSpan().IndexOf(Convert.FromBase64String(l)) < 0);
    }
}
