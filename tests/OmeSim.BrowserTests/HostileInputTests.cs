using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using OmeSim.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OmeSim.BrowserTests;

/// <summary>Values chosen by whoever talks to the appliance are shown as text: no element they spell is made, nothing they carry runs.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HostileInputTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Markup = "<img src=x onerror=\"window.__xss=1\">";

    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await LiveHosts.Simulator.StartSimulatorAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private static async Task AssertNothingRanAsync(IPage page)
    {
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));
    }

    [Fact]
    public async Task Markup_in_request_paths_bodies_and_fault_rules_shows_as_text_in_the_journal()
    {
        using (var client = _sim.BasicClient(_sim.Source))
        {
            (await client.GetAsync("/api/" + Markup)).Dispose();
            (await client.PostAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR",
                new StringContent(JsonSerializer.Serialize(new { DistinguishedName = Markup, Country = Markup }), Encoding.UTF8, "application/json")))
                .Dispose();
        }
        using (var rule = await _sim.Control.PostAsync("/appliances/source/faults", new StringContent(
            $$"""{"Path":"/api/{{Markup.Replace("\"", "\\\"", StringComparison.Ordinal)}}*","Status":418,"Times":null}""", Encoding.UTF8, "application/json")))
        {
            Assert.True(rule.IsSuccessStatusCode, await rule.Content.ReadAsStringAsync());
        }

        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => errors.Add(message.Text);
        await page.GotoAsync(_sim.ControlUrl.AbsoluteUri);
        await page.GetByLabel("Appliance", new() { Exact = true }).SelectOptionAsync("source");
        await Expect(page.Locator("#journal-table")).ToContainTextAsync("/api/" + Markup);
        await Expect(page.Locator("#faults-table")).ToContainTextAsync("/api/" + Markup + "*");
        await AssertNothingRanAsync(page);
        await Artifacts.ScreenshotAsync(page, "hostile-journal");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_certificate_whose_subject_fields_carry_markup_shows_them_as_text_on_the_Certificates_page()
    {
        var page = await ConsolePage.LogInAsync(browser, _sim.Target);
        var csr = await ConsolePage.GenerateCsrAsync(page, new Dictionary<string, string>
        {
            ["Distinguished Name"] = "ome.example.com",
            ["Department Name"] = Markup,
            ["Business Name"] = "<script>window.__xss=2</script>",
            ["Locality"] = "<b>Round Rock</b>",
            ["State"] = "Texas & \"Oklahoma\"",
            ["Country"] = "US",
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();
        await ConsolePage.UploadAsync(page, "hostile.pem", Encoding.UTF8.GetBytes(await _sim.SignAsync(csr, "good")));

        var issuedTo = page.Locator("#issued-to-table");
        await Expect(issuedTo.Locator("tr").Filter(new() { HasText = "Department Name" }).Locator("td").Nth(1)).ToHaveTextAsync(Markup);
        await Expect(issuedTo.Locator("tr").Filter(new() { HasText = "Business Name" }).Locator("td").Nth(1))
            .ToHaveTextAsync("<script>window.__xss=2</script>");
        await Expect(issuedTo.Locator("tr").Filter(new() { HasText = "Locality" }).Locator("td").Nth(1)).ToHaveTextAsync("<b>Round Rock</b>");
        Assert.Equal(0, await page.Locator("#issued-to-table b, #issued-to-table script").CountAsync());
        await AssertNothingRanAsync(page);
        await Artifacts.ScreenshotAsync(page, "hostile-certificate");

        // The Migration screen shows the whole subject of each level: the same fields, as text.
        await _sim.ProvisionAsync(_sim.Source, "good");
        await ConsolePage.ValidateMigrationAsync(page, _sim.Source);
        var targetLeaf = page.Locator("#target-check-chains tbody tr").First.Locator("td").Nth(4);
        await Expect(targetLeaf).ToHaveTextAsync(
            @"C=US, ST=Texas & \""Oklahoma\"", L=\<b\>Round Rock\</b\>, O=\<script\>window.__xss\=2\</script\>, "
            + @"OU=\<img src\=x onerror\=\""window.__xss\=1\""\>, CN=ome.example.com");
        Assert.Equal(0, await page.Locator("#migration-result b, #migration-result script").CountAsync());
        await AssertNothingRanAsync(page);
        await page.Context.CloseAsync();
    }
}
