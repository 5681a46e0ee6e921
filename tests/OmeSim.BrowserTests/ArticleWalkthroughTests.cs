using Microsoft.Playwright;
using OmeSim.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OmeSim.BrowserTests;

/// <summary>Dell's article by clicking only: CSR on the target's console, signed on the dashboard, chain uploaded, migration validated.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ArticleWalkthroughTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await LiveHosts.Simulator.StartSimulatorAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Csr_on_the_console_signed_on_the_dashboard_uploaded_then_the_migration_check_passes()
    {
        var console = await ConsolePage.LogInAsync(browser, _sim.Target);
        await ConsolePage.GenerateCsrAsync(console);
        var csrFile = await (await console.RunAndWaitForDownloadAsync(
            () => console.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync())).PathAsync();
        await console.GetByRole(AriaRole.Button, new() { Name = "Close" }).First.ClickAsync();

        var dashboard = await console.Context.NewPageAsync();
        await dashboard.GotoAsync(_sim.ControlUrl.AbsoluteUri);
        await dashboard.GetByLabel("…or its file").SetInputFilesAsync(csrFile);
        await dashboard.GetByLabel("Profile", new() { Exact = true }).Last.SelectOptionAsync("good");
        await dashboard.GetByRole(AriaRole.Button, new() { Name = "Sign", Exact = true }).ClickAsync();
        await Expect(dashboard.GetByLabel("The chain, leaf first (upload it as a Certificate Chain)"))
            .ToHaveValueAsync(new System.Text.RegularExpressions.Regex("(-----END CERTIFICATE-----[\\s\\S]*){3}"));
        var chainFile = await (await dashboard.RunAndWaitForDownloadAsync(
            () => dashboard.GetByRole(AriaRole.Button, new() { Name = "Download chain.pem" }).ClickAsync())).PathAsync();
        await Artifacts.ScreenshotAsync(dashboard, "dashboard-signed-csr", "dashboard-sign");

        await console.BringToFrontAsync();
        await ConsolePage.UploadAsync(console, "chain.pem", await File.ReadAllBytesAsync(chainFile));
        await Expect(console.Locator("#chain-table tbody tr")).ToHaveCountAsync(3);
        await Expect(console.Locator("#chain-table tbody tr").Nth(0)).ToContainTextAsync("ome.example.com");
        Assert.Contains("CN=ome.example.com", _sim.Target.Appliance.Served.Leaf.Subject, StringComparison.Ordinal);

        await dashboard.BringToFrontAsync();
        await dashboard.Locator("#appliance-source").GetByRole(AriaRole.Combobox, new() { Name = "Profile" }).SelectOptionAsync("good");
        await dashboard.Locator("#appliance-source").GetByRole(AriaRole.Button, new() { Name = "Provision" }).ClickAsync();
        await Expect(dashboard.Locator("#appliance-source tr").Filter(new() { HasText = "Issued by" })).ToContainTextAsync("CN=Inter-CA1");

        await console.BringToFrontAsync();
        await ConsolePage.ValidateMigrationAsync(console, _sim.Source);
        await Expect(console.Locator("#migration-success")).ToContainTextAsync("✓ Validated");
        await console.Context.CloseAsync();
    }
}
