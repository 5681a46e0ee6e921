using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using OmeSim.BrowserTests.Infrastructure;
using OmeSim.Core.Certificates;
using static Microsoft.Playwright.Assertions;

namespace OmeSim.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string CsrBody = """{"DistinguishedName":"*.example.com"}""";

    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await LiveHosts.Simulator.StartSimulatorAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private async Task<IPage> OpenAsync()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_sim.ControlUrl.AbsoluteUri);
        await Expect(page.Locator("#appliance-target")).ToContainTextAsync(_sim.Target.Url.AbsoluteUri);
        return page;
    }

    [Fact]
    public async Task The_dashboard_lists_every_appliance_with_its_certificate_sessions_and_clock()
    {
        var page = await OpenAsync();
        var source = page.Locator("#appliance-source");
        await Expect(source).ToContainTextAsync("3.10.2");
        await Expect(page.Locator("#appliance-target")).ToContainTextAsync("4.0.1");
        await Expect(source).ToContainTextAsync("O=Dell Inc., CN=omesim-source (self-signed)");
        await Expect(source.Locator("tr").Filter(new() { HasText = "Sent in the handshake" })).ToContainTextAsync("1 certificate: the leaf alone");

        await page.Locator("#appliance-target").GetByRole(AriaRole.Combobox, new() { Name = "Profile" }).SelectOptionAsync("inter-ca2");
        await page.Locator("#appliance-target").GetByRole(AriaRole.Button, new() { Name = "Provision" }).ClickAsync();
        await Expect(page.Locator("#appliances-status")).ToHaveTextAsync(
            "Provisioned target with profile inter-ca2: it now serves C=US, ST=Texas, L=Round Rock, O=OmeSim, OU=Test, CN=omesim-target, "
            + "issued by CN=Inter-CA2.");
        await Expect(page.Locator("#appliance-target tr").Filter(new() { HasText = "Issued by" })).ToContainTextAsync("CN=Inter-CA2");
        await Expect(page.Locator("#appliance-target tr").Filter(new() { HasText = "Sent in the handshake" }))
            .ToContainTextAsync("2 certificates: the leaf and 1 intermediate (the root is not sent)");
        Assert.Contains("Inter-CA2", _sim.Target.Appliance.Served.Leaf.Issuer, StringComparison.Ordinal);

        await page.Locator("#appliance-target").GetByLabel("Clock (UTC)").FillAsync("2031-05-06T07:08:09");
        await page.Locator("#appliance-target").GetByRole(AriaRole.Button, new() { Name = "Set clock" }).ClickAsync();
        await Expect(page.Locator("#appliance-target")).ToContainTextAsync("2031-05-06 07:08");
        Assert.Equal(2031, _sim.Target.Clock.GetUtcNow().Year);
        await Artifacts.ScreenshotAsync(page, "dashboard-appliances", "dashboard");

        await page.Locator("#appliance-target").GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();
        await Expect(page.Locator("#appliance-target")).Not.ToContainTextAsync("Inter-CA2");
        Assert.Equal(DateTimeOffset.UtcNow.Year, _sim.Target.Clock.GetUtcNow().Year);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_fault_rule_added_on_the_dashboard_makes_the_next_call_fail_as_it_says()
    {
        var page = await OpenAsync();
        await page.GetByLabel("Appliance", new() { Exact = true }).SelectOptionAsync("target");
        await page.GetByLabel("Method").SelectOptionAsync("GET");
        await page.GetByLabel("Path").FillAsync("/api/ApplicationService/Info");
        await page.GetByLabel("MessageId").SelectOptionAsync("CGEN1008");
        await page.GetByLabel("Status").FillAsync("503");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add fault rule" }).ClickAsync();
        await Expect(page.Locator("#faults-table")).ToContainTextAsync("/api/ApplicationService/Info");

        using var client = _sim.BasicClient(_sim.Target);
        using (var failed = await client.GetAsync("/api/ApplicationService/Info"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            var info = JsonDocument.Parse(await failed.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("@Message.ExtendedInfo")[0];
            Assert.Equal("CGEN1008", info.GetProperty("MessageId").GetString());
            Assert.Equal("Unable to process the request because an error occurred.", info.GetProperty("Message").GetString());
        }
        using (var next = await client.GetAsync("/api/ApplicationService/Info"))
        {
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
        // The list refreshes while open: the rule's hit shows, and the journal holds both calls.
        await Expect(page.Locator("#faults-table tbody tr").First.Locator("td").Nth(7)).ToHaveTextAsync("1");
        await Expect(page.Locator("#journal-table")).ToContainTextAsync("503");
        await Artifacts.ScreenshotAsync(page, "dashboard-fault", "dashboard-faults");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove fault rule 1" }).ClickAsync();
        await Expect(page.Locator("#faults")).ToContainTextAsync("No fault rules.");
        Assert.Empty(_sim.Target.Faults.List());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_HAR_download_parses_as_HAR_1_2_and_holds_the_calls_just_made()
    {
        using (var client = _sim.BasicClient(_sim.Source))
        {
            (await client.GetAsync("/api/ApplicationService/Info")).Dispose();
            (await client.PostAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR",
                new StringContent(CsrBody, Encoding.UTF8, "application/json"))).Dispose();
        }
        using (var anonymous = _sim.ApplianceClient(_sim.Source))
        {
            (await anonymous.GetAsync("/api/ApplicationService/Certificate?x=1")).Dispose();
        }
        var page = await OpenAsync();
        await page.GetByLabel("Appliance", new() { Exact = true }).SelectOptionAsync("source");
        await Expect(page.Locator("#journal-table")).ToContainTextAsync("/api/ApplicationService/Certificate?x=1");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download HAR" }).ClickAsync());
        Assert.Equal("source.har", download.SuggestedFilename);
        var har = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync())).RootElement;

        var log = har.GetProperty("log");
        Assert.Equal("1.2", log.GetProperty("version").GetString());
        Assert.Equal("OmeSim", log.GetProperty("creator").GetProperty("name").GetString());
        var entries = log.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        foreach (var entry in entries)
        {
            Assert.True(DateTimeOffset.TryParse(entry.GetProperty("startedDateTime").GetString(), out _));
            foreach (var field in new[] { "time", "request", "response", "cache", "timings" })
            {
                Assert.True(entry.TryGetProperty(field, out _), field);
            }
            foreach (var field in new[] { "method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize" })
            {
                Assert.True(entry.GetProperty("request").TryGetProperty(field, out _), field);
            }
            foreach (var field in new[] { "status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize" })
            {
                Assert.True(entry.GetProperty("response").TryGetProperty(field, out _), field);
            }
        }
        var info = entries[0];
        Assert.Equal("GET", info.GetProperty("request").GetProperty("method").GetString());
        Assert.Equal(new Uri(_sim.Source.Url, "/api/ApplicationService/Info").AbsoluteUri, info.GetProperty("request").GetProperty("url").GetString());
        Assert.Equal(200, info.GetProperty("response").GetProperty("status").GetInt32());
        var header = info.GetProperty("request").GetProperty("headers")[0];
        Assert.Equal("Authorization", header.GetProperty("name").GetString());
        Assert.Equal("Basic (masked)", header.GetProperty("value").GetString());

        var csr = entries[1];
        Assert.Equal("POST", csr.GetProperty("request").GetProperty("method").GetString());
        Assert.Equal(Encoding.UTF8.GetByteCount(CsrBody), csr.GetProperty("request").GetProperty("bodySize").GetInt64());
        Assert.Equal(400, csr.GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal("CGEN6002", csr.GetProperty("_messageId").GetString());

        var anonymousCall = entries[2];
        Assert.Equal(401, anonymousCall.GetProperty("response").GetProperty("status").GetInt32());
        Assert.Equal("x", anonymousCall.GetProperty("request").GetProperty("queryString")[0].GetProperty("name").GetString());
        Assert.Equal(0, anonymousCall.GetProperty("request").GetProperty("headers").GetArrayLength());

        var text = har.GetRawText();
        Assert.DoesNotContain(LiveHosts.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + LiveHosts.Password)), text, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_check_page_shows_FAIL_for_key_encipherment_on_a_no_key_encipherment_chain()
    {
        using var client = _sim.BasicClient(_sim.Target);
        using var csrAnswer = await client.PostAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR", new StringContent(
            """{"DistinguishedName":"ome.example.com","DepartmentName":"IT","BusinessName":"Example","Locality":"Austin","""
            + "\"State\":\"Texas\",\"Country\":\"US\",\"Email\":\"a@example.com\",\"San\":\"\"}",
            Encoding.UTF8, "application/json"));
        var csr = JsonDocument.Parse(await csrAnswer.Content.ReadAsStringAsync()).RootElement.GetProperty("CertificateData").GetString()!;
        var chain = await _sim.SignAsync(csr, "no-key-encipherment");

        var page = await OpenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check a certificate" }).ClickAsync();
        await page.GetByLabel("Certificate file").SetInputFilesAsync(
            new FilePayload { Name = "no-ke.pem", MimeType = "application/x-pem-file", Buffer = Encoding.UTF8.GetBytes(chain) });
        await page.GetByLabel("The appliance's CSR (optional)").FillAsync(csr);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();

        var rules = page.Locator("#check-rules");
        var keyUsage = rules.Locator("tr").Filter(new() { HasText = "Key Encipherment" });
        await Expect(keyUsage.Locator("td").Nth(1)).ToHaveTextAsync("FAIL");
        await Expect(rules.Locator("tr").Filter(new() { HasText = "CSR key match" }).First.Locator("td").Nth(1)).ToHaveTextAsync("PASS");
        await Expect(page.Locator("#check-answer")).ToContainTextAsync("CGEN1008 - Unable to process the request because an error occurred.");
        await Artifacts.ScreenshotAsync(page, "dashboard-check", "check");

        // The same Core code as omesim check: the page shows what the report says.
        var offline = ChainCheckReport.Run(
            Encoding.UTF8.GetBytes(chain), PemText.PublicKeyOfCsr(csr), false, null, null, TimeProvider.System, "no-ke.pem", "");
        var report = JsonDocument.Parse(offline.ToJson()).RootElement;
        var expected = report.GetProperty("Answer").GetProperty("error").GetProperty("@Message.ExtendedInfo")[0].GetProperty("MessageArgs")[0].GetString()!;
        await Expect(page.Locator("#check-answer")).ToContainTextAsync(expected);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_1280_px_the_appliances_sit_side_by_side_in_wide_tables_and_the_test_ca_is_in_the_first_screen()
    {
        using (var client = _sim.BasicClient(_sim.Target))
        {
            (await client.PostAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR",
                new StringContent("""{"DistinguishedName":"target.example.com"}""", Encoding.UTF8, "application/json"))).Dispose();
        }
        var page = await OpenAsync();
        var pending = page.Locator("#appliance-target tr").Filter(new() { HasText = "Pending CSR key" });
        await Expect(pending).ToContainTextAsync("yes: a CSR waits for its certificate");

        foreach (var name in new[] { "source", "target" })
        {
            var box = (await page.Locator($"#appliance-{name} table").BoundingBoxAsync())!;
            Assert.True(box.Width > 500, $"The {name} table is {box.Width} px wide on a 1280 px page.");
        }
        var source = (await page.Locator("#appliance-source").BoundingBoxAsync())!;
        var target = (await page.Locator("#appliance-target").BoundingBoxAsync())!;
        Assert.Equal(source.Y, target.Y, 1);
        var testCa = (await page.Locator("#pki-title").BoundingBoxAsync())!;
        Assert.True(testCa.Y < 900, $"The Test CA card starts at {testCa.Y} px, below the first 900 px.");
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"scrollWidth {widths[0]} > clientWidth {widths[1]}");

        await page.Locator("#appliance-target").GetByRole(AriaRole.Button, new() { Name = "Provision" }).ClickAsync();
        await Expect(page.Locator("#appliances-status")).ToContainTextAsync("Provisioned target with profile good: it now serves ");
        await Expect(pending).ToContainTextAsync("no");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_fault_rule_with_skip_lets_the_first_match_through_and_fails_the_second()
    {
        var page = await OpenAsync();
        await page.GetByLabel("Appliance", new() { Exact = true }).SelectOptionAsync("source");
        await page.GetByLabel("Path").FillAsync("/api/ApplicationService/Info");
        await page.GetByLabel("Status").FillAsync("503");
        await page.GetByLabel("Skip (let the first matches through)").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add fault rule" }).ClickAsync();
        await Expect(page.Locator("#faults-table tbody tr").First.Locator("td").Nth(4)).ToHaveTextAsync("1");
        Assert.Equal(1, Assert.Single(_sim.Source.Faults.List()).Skip);

        using var client = _sim.BasicClient(_sim.Source);
        using (var first = await client.GetAsync("/api/ApplicationService/Info"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var second = await client.GetAsync("/api/ApplicationService/Info"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_check_page_of_an_accepted_chain_has_no_null_line_and_names_roles_in_words()
    {
        using var client = _sim.BasicClient(_sim.Target);
        using var csrAnswer = await client.PostAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR",
            new StringContent("""{"DistinguishedName":"ome.example.com","Country":"US","Email":"admin@example.com"}""", Encoding.UTF8, "application/json"));
        var csr = JsonDocument.Parse(await csrAnswer.Content.ReadAsStringAsync()).RootElement.GetProperty("CertificateData").GetString()!;
        var chain = await _sim.SignAsync(csr, "missing-root");
        var good = await _sim.SignAsync(csr, "good");

        var page = await OpenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check a certificate" }).ClickAsync();
        await page.GetByLabel("…or paste it (PEM)").FillAsync(good);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
        var result = page.Locator("#check-result");
        await Expect(result.Locator("h2")).ToHaveTextAsync("UploadCertChain: accepted (HTTP 200)");
        var lines = (await result.InnerTextAsync()).Split('\n').Select(l => l.Trim()).ToList();
        Assert.DoesNotContain("null", lines);
        Assert.Equal("Requirements", lines[1]);
        Assert.DoesNotContain("--csr", await result.InnerTextAsync(), StringComparison.Ordinal);
        await Expect(result).ToContainTextAsync("C=US, CN=ome.example.com, emailAddress=admin@example.com");

        await page.GetByLabel("…or paste it (PEM)").FillAsync(chain);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
        await Expect(result.Locator("h2")).ToHaveTextAsync("UploadCertChain: refused (HTTP 400)");
        // With the root missing, the intermediate that issued the leaf is still an intermediate, not "not on the path".
        var intermediate = page.Locator("#check-certificates tbody tr").Nth(1);
        await Expect(intermediate.Locator("td").Nth(2)).ToHaveTextAsync("CN=Inter-CA1");
        await Expect(intermediate.Locator("td").Nth(1)).ToHaveTextAsync("intermediate");
        await Expect(result).Not.ToContainTextAsync("NotOnPath");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Swagger_ui_works_under_its_content_security_policy()
    {
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };
        var response = await page.GotoAsync(new Uri(_sim.ControlUrl, "/swagger/index.html").AbsoluteUri);
        Assert.Contains("frame-ancestors 'none'", response!.Headers["content-security-policy"], StringComparison.Ordinal);
        await Expect(page.Locator(".opblock-summary-path").Filter(new() { HasText = "/appliances" }).First).ToBeVisibleAsync();
        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Loading_the_console_journals_no_favicon_401()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_sim.Target.Url.AbsoluteUri);
        await Expect(page.GetByLabel("Username", new() { Exact = true })).ToBeVisibleAsync();
        var icon = await page.Locator("link[rel=icon]").GetAttributeAsync("href");
        var status = await page.EvaluateAsync<int[]>("async href => [(await fetch(href)).status, (await fetch('/favicon.ico')).status]", icon);

        Assert.Equal([200, 200], status);
        Assert.DoesNotContain(_sim.Target.Journal.Entries(), e => e.Path.Contains("favicon", StringComparison.Ordinal) || e.Status == 401);
        await page.Context.CloseAsync();
    }
}
