using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OmeSim.Cli;
using OmeSim.Core.Pki;
using OmeSim.Harness;
using OmeSim.OmeApi.Migration;
using OmeSim.Tests.Infrastructure;
using OmeSim.Tests.Migration;

namespace OmeSim.Tests.Robustness;

/// <summary>Issue 19: what a hostile or broken client sends, over real TLS on loopback.</summary>
public class HostileClientTests
{
    // Item 10: a client chain whose leaf has Server Authentication only cannot be a migration peer.
    [Fact]
    public async Task Verify_peer_refuses_a_client_chain_whose_leaf_lacks_client_authentication_with_cmig1001()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        using var client = ClientWithChain(TestCa.ServerOnlyEku, SslProtocols.Tls12 | SslProtocols.Tls13);

        var response = await client.SendAsync(VerifyPeer(pair.Source));

        var body = await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CMIG1001");
        var check = JsonDocument.Parse(body).RootElement.GetProperty("SourceCheck");
        Assert.Equal("PeerUsage", check.GetProperty("Failure").GetString());
        Assert.Contains("lacks Client Authentication", check.GetProperty("Reason").GetString());
        Assert.Contains(pair.Source.Node.Log.Lines(), l => l.StartsWith("[ERROR]", StringComparison.Ordinal) && l.Contains("lacks Client Authentication"));
    }

    // Item 3: over TLS 1.2 the bad signature is answered by name.
    [Fact]
    public async Task Verify_peer_names_the_bad_signature_of_a_client_leaf_over_tls_1_2()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        using var client = ClientWithChain(TestCa.BadSignature, SslProtocols.Tls12);

        var response = await client.SendAsync(VerifyPeer(pair.Source));

        var body = await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CMIG1001");
        var check = JsonDocument.Parse(body).RootElement.GetProperty("SourceCheck");
        Assert.Equal("PeerPath", check.GetProperty("Failure").GetString());
        Assert.Contains("its signature does not verify with its issuer's public key (a bad signature)", check.GetProperty("Reason").GetString());
    }

    // Item 3: over TLS 1.3 .NET's OpenSSL layer ends the handshake itself; the appliance now journals and logs it.
    [Fact]
    public async Task A_tls_1_3_handshake_the_tls_library_ends_is_journaled_and_logged()
    {
        var time = new FakeHostTime();
        await using var appliance = await new TestHosts { RealTls = true, HostTime = time }.StartApplianceAsync();
        MigrationPair.Provision(appliance, TestCa.Good);
        using var client = ClientWithChain(TestCa.BadSignature, SslProtocols.Tls13);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.SendAsync(VerifyPeer(appliance)));

        var entry = Assert.Single(await JournalAsync(appliance, e => e.Method == "TLS"));
        Assert.True(entry.Dropped);
        Assert.Equal("", entry.Path);
        Assert.False(string.IsNullOrEmpty(entry.TlsError));
        Assert.Single(appliance.Node.Log.Lines(),
            l => l.StartsWith("[WARN]", StringComparison.Ordinal) && l.Contains(" WebServer - TLS handshake with 127.0.0.1:"));
    }

    // Item 7: a ClientHello offering only PSK suites costs one short line, however many arrive.
    [Fact]
    public async Task Psk_only_client_hellos_are_journaled_and_logged_once_per_interval_without_a_stack_trace()
    {
        var time = new FakeHostTime();
        await using var appliance = await new TestHosts { RealTls = true, HostTime = time }.StartApplianceAsync();

        for (var i = 0; i < 5; i++)
        {
            await PskOnlyHelloAsync(appliance.Node.Url);
        }
        time.Advance(TimeSpan.FromSeconds(2));
        await PskOnlyHelloAsync(appliance.Node.Url);

        Assert.Equal(6, (await JournalAsync(appliance, e => e.Method == "TLS", expected: 6)).Count);
        var lines = appliance.Node.Log.Lines().Where(l => l.Contains(" WebServer - TLS handshake")).ToList();
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("(4 more failed handshakes not logged)", lines[1]);
        Assert.All(lines, l => Assert.DoesNotContain("   at ", l));
        Assert.All(lines, l => Assert.True(l.Length < 400, l));
    }

    // Item 15: a wrong password is logged with the user, never the password.
    [Fact]
    public async Task Failed_logins_by_basic_and_by_session_are_logged_with_the_user_and_never_the_password()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();

        var basic = await appliance.SendAsync(HttpMethod.Get, "/api/ApplicationService/Info", auth: TestAppliance.Basic("admin", "Wr0ng-Secret-1"));
        var session = await appliance.Client.PostAsync("/api/SessionService/Sessions", new StringContent(
            """{"UserName":"operator","Password":"Wr0ng-Secret-2","SessionType":"API"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
        var lines = appliance.Node.Log.Lines().Where(l => l.Contains(" LoginController - ")).ToList();
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("Login failed for user 'admin' from 127.0.0.1 (Basic): the user name or password is incorrect.", lines[0]);
        Assert.EndsWith("Login failed for user 'operator' from 127.0.0.1 (session login): the user name or password is incorrect.", lines[1]);
        Assert.DoesNotContain("Wr0ng-Secret", appliance.Node.Log.ReadAll());
    }

    // Item 11: credentials in a query string never reach the journal or the HAR.
    [Fact]
    public async Task Credential_query_values_are_masked_in_the_journal_and_the_har()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();

        await appliance.GetAsync("/api/ApplicationService/Info?SourcePassword=hunter2&api_token=t0k3n&client_secret=s3cr3t&Top=5");

        var entry = Assert.Single(await JournalAsync(appliance, e => e.Path.StartsWith("/api/ApplicationService/Info", StringComparison.Ordinal)));
        Assert.Equal("/api/ApplicationService/Info?SourcePassword=(masked)&api_token=(masked)&client_secret=(masked)&Top=5", entry.Path);
        var har = HarDocument.Create("appliance", appliance.Node.Url, appliance.Node.Journal.Entries()).ToJsonString();
        Assert.DoesNotContain("hunter2", har);
        Assert.DoesNotContain("t0k3n", har);
        Assert.DoesNotContain("s3cr3t", har);
    }

    // Item 8: credentials that could never log in are refused at start, with the rule.
    [Theory]
    [InlineData("admin", "", "--password must not be empty: an empty password would let anyone in.")]
    [InlineData("", "secret", "--user must not be empty.")]
    [InlineData("ad:min", "secret",
        "--user must not contain ':' (Basic authentication splits the user name from the password at the first ':'), got 'ad:min'.")]
    [InlineData("admin", "line\nbreak", "--user and --password must not contain control characters (line breaks, tabs, NUL).")]
    public void Credentials_that_cannot_work_are_refused_at_start(string user, string password, string message)
    {
        var settings = new ServeSettings { User = user, Password = password, InMemory = true };

        var refused = Assert.Throws<ArgumentException>(settings.ToOptions);

        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void A_password_too_long_for_basic_is_refused_at_start_and_not_echoed()
    {
        var password = new string('p', 900);
        var settings = new ServeSettings { User = "admin", Password = password, InMemory = true };

        var refused = Assert.Throws<ArgumentException>(settings.ToOptions);

        Assert.Equal("--user and --password together take 906 bytes; Basic authentication carries at most 768 (user:password in UTF-8).", refused.Message);
        Assert.DoesNotContain(password, refused.Message);
    }

    [Fact]
    public async Task A_password_at_the_basic_limit_works()
    {
        var password = new string('p', 768 - "admin:".Length);
        await using var appliance = await new TestHosts { RealTls = true, Customize = o => o with { Password = password } }.StartApplianceAsync();

        var response = await appliance.SendAsync(HttpMethod.Get, "/api/ApplicationService/Info", auth: TestAppliance.Basic("admin", password));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpClient ClientWithChain(string profile, SslProtocols protocols)
    {
        var chain = TestPki.Chain(profile);
        var leaf = chain.Leaf.CopyWithPrivateKey(TestPki.CsrKey);
        var handler = TestClients.Handler(
            SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(chain.Certificates.Skip(1).ToArray()), offline: true), protocols);
        return new HttpClient(handler);
    }

    private static HttpRequestMessage VerifyPeer(TestAppliance appliance)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(appliance.Node.Url, MigrationClient.VerifyPeerPath))
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = TestAppliance.Basic();
        return request;
    }

    // The server records a failed handshake as the connection ends, a moment after the client sees it: wait, bounded.
    private static async Task<List<JournalEntry>> JournalAsync(TestAppliance appliance, Func<JournalEntry, bool> match, int expected = 1)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var entries = appliance.Node.Journal.Entries().Where(match).ToList();
            if (entries.Count >= expected)
            {
                return entries;
            }
            await Task.Delay(50);
        }
        return appliance.Node.Journal.Entries().Where(match).ToList();
    }

    /// <summary>OpenSSL's own client offering only a PSK suite, as in the issue; bounded.</summary>
    private static async Task PskOnlyHelloAsync(Uri url)
    {
        var info = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "s_client", "-connect", $"{url.Host}:{url.Port}", "-tls1_2", "-cipher", "PSK-AES128-CBC-SHA:@SECLEVEL=0" })
        {
            info.ArgumentList.Add(arg);
        }
        using var openssl = Process.Start(info)!;
        openssl.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(openssl.StandardOutput.ReadToEndAsync(timeout.Token), openssl.StandardError.ReadToEndAsync(timeout.Token),
            openssl.WaitForExitAsync(timeout.Token));
    }
}
