using System.Text;
using Microsoft.Playwright;
using OmeSim.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OmeSim.BrowserTests;

/// <summary>The target's Migration screen: validate the connection to the source, see what each side checked, and why a failure failed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MigrationPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await LiveHosts.Simulator.StartSimulatorAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Validation_succeeds_with_both_checks_then_fails_at_the_intermediate_level_after_the_target_gets_inter_ca2()
    {
        await _sim.ProvisionAsync(_sim.Source, "good");
        await _sim.ProvisionAsync(_sim.Target, "good");
        var page = await ConsolePage.LogInAsync(browser, _sim.Target);

        await ConsolePage.ValidateMigrationAsync(page, _sim.Source);

        await Expect(page.Locator("#migration-success")).ToContainTextAsync($"✓ Validated: 127.0.0.2:{_sim.Source.Url.Port}");
        await Expect(page.Locator("#target-check")).ToContainTextAsync("✓ Passed");
        await Expect(page.Locator("#source-check")).ToContainTextAsync("✓ Passed");
        var levels = page.Locator("#target-check-chains tbody tr");
        await Expect(levels).ToHaveCountAsync(3);
        await Expect(levels.Nth(1)).ToContainTextAsync("CN=Inter-CA1");
        for (var level = 0; level < 3; level++)
        {
            await Expect(levels.Nth(level).Locator("td").Nth(3)).ToHaveTextAsync("✓");
        }
        await Artifacts.ScreenshotAsync(page, "migration-validated", "migration");

        await _sim.ProvisionAsync(_sim.Target, "inter-ca2");
        await ConsolePage.ValidateMigrationAsync(page, _sim.Source);

        var error = page.Locator("#migration-error");
        await Expect(error).ToContainTextAsync("Unable to mutually authenticate and connect to the remote appliance.");
        await Expect(error).ToContainTextAsync(
            "Please check the source and target appliances has valid certificate chain uploaded which are signed by the same CA.");
        await Expect(page.Locator("#migration-failed-check")).ToHaveTextAsync("The target's check of the source's server chain failed.");
        await Expect(page.Locator("#migration-reason")).ToContainTextAsync("The chains are not issued by the same certificate authorities");
        var failed = page.Locator("#target-check-chains tbody tr");
        await Expect(failed).ToHaveCountAsync(3);
        var intermediate = failed.Nth(1);
        await Expect(intermediate.Locator("td").Nth(1)).ToHaveTextAsync("CN=Inter-CA1");
        await Expect(intermediate.Locator("td").Nth(4)).ToHaveTextAsync("CN=Inter-CA2");
        await Expect(intermediate.Locator("td").Nth(3)).ToHaveTextAsync("✗");
        await Expect(failed.Nth(2).Locator("td").Nth(3)).ToHaveTextAsync("✓");
        await Expect(page.Locator("#source-check")).ToHaveCountAsync(0);
        await Artifacts.ScreenshotAsync(page, "migration-failed-intermediate", "migration-failed");

        // A refused request is no validation: no earlier validation's details beneath it.
        await page.GetByLabel("Source address").FillAsync("no such host!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate connection" }).ClickAsync();
        await Expect(page.Locator("#migration-error")).ToContainTextAsync("CGEN6002 - ");
        await Expect(page.Locator("#migration-error")).ToContainTextAsync("SourceAddress");
        await Expect(page.Locator("#migration-details")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_chain_expired_on_the_sources_clock_shows_that_the_sources_check_failed_and_why()
    {
        await _sim.ProvisionAsync(_sim.Source, "good");
        await _sim.ProvisionAsync(_sim.Target, "good");
        using var clock = await _sim.Control.PutAsync("/appliances/source/clock",
            new StringContent("""{"OffsetSeconds":34560000}""", Encoding.UTF8, "application/json"));
        Assert.True(clock.IsSuccessStatusCode, await clock.Content.ReadAsStringAsync());
        var page = await ConsolePage.LogInAsync(browser, _sim.Target);

        await ConsolePage.ValidateMigrationAsync(page, _sim.Source);

        await Expect(page.Locator("#migration-error")).ToContainTextAsync("Unable to mutually authenticate and connect to the remote appliance.");
        await Expect(page.Locator("#migration-failed-check")).ToHaveTextAsync("The source's check of the target's client chain failed.");
        await Expect(page.Locator("#target-check")).ToContainTextAsync("✓ Passed");
        var sourceCheck = page.Locator("#source-check");
        await Expect(sourceCheck).ToContainTextAsync("✗ Failed");
        await Expect(sourceCheck).ToContainTextAsync("expired");
        await Expect(page.Locator("#source-check-chains tbody tr").First.Locator("td").Nth(3)).ToHaveTextAsync("✗");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_3_10_appliance_offers_no_migration_screen()
    {
        var page = await ConsolePage.LogInAsync(browser, _sim.Source);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Certificates" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Migration" })).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }
}
