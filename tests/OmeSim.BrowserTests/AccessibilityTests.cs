using Microsoft.Playwright;
using OmeSim.BrowserTests.Infrastructure;
using OmeSim.Hosting;
using static Microsoft.Playwright.Assertions;

namespace OmeSim.BrowserTests;

/// <summary>Every input has a label, the console works by keyboard alone, and nothing needs more than 1024 px of width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser) : IAsyncLifetime
{
    // Every form control, in every view and dialog (hidden ones included), named by a <label for>, a wrapping label or aria-label.
    private const string UnlabelledControls = """
        () => [...document.querySelectorAll('input, select, textarea')]
          .filter(c => c.type !== 'hidden')
          .filter(c => !(c.id && document.querySelector(`label[for="${CSS.escape(c.id)}"]`)) && !c.closest('label') && !c.getAttribute('aria-label'))
          .map(c => c.id || c.name || c.outerHTML)
        """;

    private const string OverflowingWidth = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth";

    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await LiveHosts.Simulator.StartSimulatorAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Every_control_on_the_console_and_the_dashboard_has_a_label()
    {
        var console = await ConsolePage.LogInAsync(browser, _sim.Target);
        await Expect(console.Locator("#issued-to-table")).ToBeVisibleAsync();
        Assert.Empty(await console.EvaluateAsync<string[]>(UnlabelledControls));

        var dashboard = await console.Context.NewPageAsync();
        await dashboard.GotoAsync(_sim.ControlUrl.AbsoluteUri);
        await Expect(dashboard.Locator("#appliance-target")).ToBeVisibleAsync();
        Assert.Empty(await dashboard.EvaluateAsync<string[]>(UnlabelledControls));
        await console.Context.CloseAsync();
    }

    [Fact]
    public async Task Log_in_open_the_csr_dialog_and_close_it_by_keyboard_alone()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_sim.Target.Url.AbsoluteUri);
        await Expect(page.GetByLabel("Username", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(Defaults.UserName);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(LiveHosts.Password);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#issued-to-table")).ToBeVisibleAsync();

        var csrButton = page.GetByRole(AriaRole.Button, new() { Name = "Generate Certificate Signing Request" });
        for (var i = 0; i < 30 && !await csrButton.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(csrButton).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator("#csr-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        // The first field, not the header's close button, takes the focus.
        await Expect(dialog.GetByLabel("Distinguished Name")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();

        // Open again; Shift+Tab from the first field reaches the close button, and Enter on it closes the dialog.
        await csrButton.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog.GetByLabel("Distinguished Name")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Close" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task At_1024_pixels_wide_no_screen_scrolls_sideways()
    {
        await _sim.ProvisionAsync(_sim.Source, "good");
        await _sim.ProvisionAsync(_sim.Target, "inter-ca2");
        var page = await ConsolePage.LogInAsync(browser, _sim.Target);
        await page.SetViewportSizeAsync(1024, 768);
        await Expect(page.Locator("#chain-table tbody tr")).ToHaveCountAsync(3);
        Assert.True(await page.EvaluateAsync<int>(OverflowingWidth) <= 0, "the Certificates screen fits 1024 px");

        await ConsolePage.ValidateMigrationAsync(page, _sim.Source);
        await Expect(page.Locator("#target-check-chains tbody tr")).ToHaveCountAsync(3);
        Assert.True(await page.EvaluateAsync<int>(OverflowingWidth) <= 0, "the Migration screen with a failure fits 1024 px");

        await page.GotoAsync(_sim.ControlUrl.AbsoluteUri);
        await Expect(page.Locator("#appliance-target")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<int>(OverflowingWidth) <= 0, "the dashboard fits 1024 px");
        await page.Context.CloseAsync();
    }
}
