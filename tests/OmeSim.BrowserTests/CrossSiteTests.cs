using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OmeSim.BrowserTests.Infrastructure;

namespace OmeSim.BrowserTests;

/// <summary>
/// Issue 19, item 1, as the issue found it: a page served from another localhost port, in Chromium, tries a no-cors
/// <c>fetch</c> and an auto-submitted form against the control plane. Neither changes anything.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossSiteTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestSimulator _sim = null!;
    private WebApplication _evil = null!;

    public async Task InitializeAsync()
    {
        _sim = await LiveHosts.Simulator.StartSimulatorAsync();
        var control = _sim.ControlUrl.AbsoluteUri.TrimEnd('/');
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        _evil = builder.Build();
        _evil.UseRouting();
        _evil.MapGet("/", () => Results.Content($$"""
            <!doctype html><title>another site</title>
            <form id="f" method="post" enctype="text/plain" action="{{control}}/appliances/target/provision?profile=inter-ca2">
              <input name="x" value="y"></form>
            <script>
              Promise.allSettled([
                fetch('{{control}}/appliances', { method: 'POST', mode: 'no-cors' }),
                fetch('{{control}}/appliances', { method: 'POST', mode: 'no-cors', body: '{"Name":"evil"}' }),
                fetch('{{control}}/reset', { method: 'POST', mode: 'no-cors' }),
              ]).then(() => { document.title = 'sent'; });
            </script>
            """, "text/html"));
        await _evil.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _evil.DisposeAsync();
        await _sim.DisposeAsync();
    }

    [Fact]
    public async Task A_page_of_another_localhost_port_creates_resets_and_provisions_nothing()
    {
        var before = await TargetThumbprintAsync();
        var evilUrl = _evil.Urls.Single();
        Assert.NotEqual(new Uri(evilUrl).Port, _sim.ControlUrl.Port);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(evilUrl);
        await page.WaitForFunctionAsync("document.title === 'sent'");
        // The wait starts before the page submits its own form, so that the navigation cannot come and go unseen.
        var navigated = page.WaitForURLAsync("**/provision?profile=inter-ca2");
        await page.EvaluateAsync("document.getElementById('f').submit()");
        await navigated;
        var answer = await page.Locator("body").InnerTextAsync();

        Assert.Contains("A request from the page of another site", answer, StringComparison.Ordinal);
        using var list = await _sim.Control.GetAsync("/appliances");
        var names = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(a => a.GetProperty("Name").GetString());
        Assert.Equal(["source", "target"], names);
        Assert.Equal(before, await TargetThumbprintAsync());
        await page.Context.CloseAsync();
    }

    private async Task<string?> TargetThumbprintAsync()
    {
        using var target = await _sim.Control.GetAsync("/appliances/target");
        return JsonDocument.Parse(await target.Content.ReadAsStringAsync()).RootElement.GetProperty("Certificate").GetProperty("Thumbprint").GetString();
    }
}
