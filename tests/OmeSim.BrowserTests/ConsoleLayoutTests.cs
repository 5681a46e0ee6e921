using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OmeSim.BrowserTests.Infrastructure;
using OmeSim.Hosting;
using static Microsoft.Playwright.Assertions;

namespace OmeSim.BrowserTests;

/// <summary>
/// What a new user sees first: the log-in page names its appliance and stays put, and the migration result fits the page
/// at 1280 and 1024 px with long names, says why once, and writes OME's times.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ConsoleLayoutTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await LiveHosts.Simulator.StartSimulatorAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task The_log_in_page_names_the_appliance_and_its_version_before_anyone_logs_in()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_sim.Target.Url.AbsoluteUri);
        await Expect(page.Locator("#login-appliance")).ToHaveTextAsync("target · OpenManage Enterprise 4.0.1");
        await Expect(page.Locator("#appliance-info")).ToHaveTextAsync("target 4.0.1");

        await page.GotoAsync(_sim.Source.Url.AbsoluteUri);
        await Expect(page.Locator("#login-appliance")).ToHaveTextAsync("source · OpenManage Enterprise 3.10.2");
        await Artifacts.ScreenshotAsync(page, "login-names-the-appliance");
        Assert.Empty(_sim.Source.Journal.Entries());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_log_in_form_stays_where_it_is_when_CGEN1001_appears()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_sim.Target.Url.AbsoluteUri);
        var fields = new[]
        {
            page.GetByLabel("Username", new() { Exact = true }),
            page.GetByLabel("Password", new() { Exact = true }),
            page.GetByRole(AriaRole.Button, new() { Name = "Log In" }),
        };
        await Expect(fields[0]).ToBeVisibleAsync();
        var before = new List<LocatorBoundingBoxResult>();
        foreach (var field in fields)
        {
            before.Add((await field.BoundingBoxAsync())!);
        }

        await fields[0].FillAsync(Defaults.UserName);
        await fields[1].FillAsync("not the password");
        await fields[2].ClickAsync();
        await Expect(page.Locator("#login-error")).ToContainTextAsync("CGEN1001 - Unable to complete the operation because the user is not authenticated.");

        for (var i = 0; i < fields.Length; i++)
        {
            var after = (await fields[i].BoundingBoxAsync())!;
            Assert.Equal(before[i].X, after.X, 0.5);
            Assert.Equal(before[i].Y, after.Y, 0.5);
            Assert.Equal(before[i].Width, after.Width, 0.5);
        }
        await Artifacts.ScreenshotAsync(page, "login-error-no-jump");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_migration_result_fits_1280_and_1024_px_with_emails_in_the_names_and_says_why_once()
    {
        await ProvisionWithLongNamesAsync(_sim.Source, "good");
        await ProvisionWithLongNamesAsync(_sim.Target, "good");
        var page = await ConsolePage.LogInAsync(browser, _sim.Target);
        await Expect(page.Locator("#appliance-info")).ToHaveTextAsync("target 4.0.1");

        await ConsolePage.ValidateMigrationAsync(page, _sim.Source);
        await Expect(page.Locator("#migration-success")).ToContainTextAsync("✓ Validated");
        await Expect(page.Locator("#target-check-chains")).ToContainTextAsync("emailAddress=pki-administrators.of.the.datacenter@");
        foreach (var width in new[] { 1280, 1024 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await AssertNoSidewaysScrollAsync(page, width);
        }
        var checkLine = await page.Locator("#target-check p").First.InnerTextAsync();
        Assert.Matches(TimeLine(), checkLine);
        Assert.Contains("— the target (target) checked the source's server certificate chain", checkLine, StringComparison.Ordinal);
        Assert.DoesNotMatch(SevenDecimals(), await page.Locator("#migration-result").InnerTextAsync());

        await ProvisionWithLongNamesAsync(_sim.Target, "inter-ca2");
        await ConsolePage.ValidateMigrationAsync(page, _sim.Source);
        await Expect(page.Locator("#migration-failed-check")).ToHaveTextAsync("The target's check of the source's server chain failed.");
        await AssertNoSidewaysScrollAsync(page, 1024);
        var text = await page.Locator("#migration-result").InnerTextAsync();
        Assert.DoesNotContain("(Names)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Names", text, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(text, "The chains are not issued by the same certificate authorities"));
        Assert.Single(Regex.Matches(text, "Unable to mutually authenticate"));
        Assert.DoesNotContain("checked The", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(SevenDecimals(), text);
        await Artifacts.ScreenshotAsync(page, "migration-failed-1024");
        await page.Context.CloseAsync();
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, int width)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client, $"At {width} px the page scrolls sideways: scrollWidth {scroll} > clientWidth {client}.");
    }

    /// <summary>GenerateCSR with an email and long names, signed by the test CA, uploaded as a chain: as a user's own CA would.</summary>
    private async Task ProvisionWithLongNamesAsync(HostedAppliance node, string profile)
    {
        using var client = _sim.BasicClient(node);
        var fields = new Dictionary<string, string>
        {
            ["DistinguishedName"] = $"{node.Options.Name}-appliance.management.datacenter-east.example.com",
            ["DepartmentName"] = "Infrastructure Platform Engineering",
            ["BusinessName"] = "Example Corporation International",
            ["Locality"] = "Round Rock",
            ["State"] = "Texas",
            ["Country"] = "US",
            ["Email"] = "pki-administrators.of.the.datacenter@example.com",
        };
        using var csrAnswer = await client.PostAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR",
            new StringContent(JsonSerializer.Serialize(fields), Encoding.UTF8, "application/json"));
        var body = await csrAnswer.Content.ReadAsStringAsync();
        Assert.True(csrAnswer.IsSuccessStatusCode, body);
        var chain = await _sim.SignAsync(JsonDocument.Parse(body).RootElement.GetProperty("CertificateData").GetString()!, profile);
        var upload = new ByteArrayContent(Encoding.ASCII.GetBytes(chain));
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var uploaded = await client.PostAsync("/api/ApplicationService/Actions/ApplicationService.UploadCertChain", upload);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@", at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} on its own clock\.\z")]
    private static partial Regex TimeLine();

    [GeneratedRegex(@"\d\d:\d\d:\d\d\.\d{4,}")]
    private static partial Regex SevenDecimals();
}
