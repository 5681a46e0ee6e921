using System.Net;
using System.Text.Json;

namespace OmeSim.Tests.Control;

/// <summary>
/// The console's and the dashboard's pages over real sockets: no other site may frame them (CSP frame-ancestors and
/// X-Frame-Options), Swagger UI carries a policy of its own, and the favicon and the log-in page's appliance name are
/// served without credentials and never reach the API or its journal.
/// </summary>
public sealed class PageHeadersTests : IAsyncLifetime
{
    private const string PagePolicy = "default-src 'self'; frame-ancestors 'none'";
    private const string SwaggerPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await new TestHosts { RealTls = true, ControlToken = "page-token", RealControl = true }.StartSimulatorAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "(none)";

    private HttpClient Anonymous() => _sim.ControlClient();

    [Theory]
    [InlineData("/")]
    [InlineData("/appliance/index.html")]
    [InlineData("/appliance/console.js")]
    [InlineData("/shared/style.css")]
    [InlineData("/appliance/about.json")]
    [InlineData("/favicon.ico")]
    public async Task Console_pages_forbid_framing_and_stay_out_of_the_journal(string path)
    {
        using var client = _sim.ApplianceClient(_sim.Target);
        client.DefaultRequestHeaders.Authorization = null;

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PagePolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Empty(_sim.Target.Journal.Entries());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard/index.html")]
    [InlineData("/dashboard/dashboard.js")]
    [InlineData("/favicon.ico")]
    public async Task Dashboard_pages_forbid_framing_without_the_token(string path)
    {
        using var client = Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PagePolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Theory]
    [InlineData("/swagger/index.html")]
    [InlineData("/swagger/index.js")]
    public async Task Swagger_ui_carries_a_policy_that_forbids_framing_inline_script_and_eval(string path)
    {
        using var client = Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Equal(SwaggerPolicy, policy);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task The_favicon_is_an_svg_image_on_both_planes()
    {
        using var appliance = _sim.ApplianceClient(_sim.Source);
        appliance.DefaultRequestHeaders.Authorization = null;
        using var control = Anonymous();

        foreach (var client in new[] { appliance, control })
        {
            using var response = await client.GetAsync("/favicon.ico");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("<svg ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Empty(_sim.Source.Journal.Entries());
    }

    [Fact]
    public async Task About_names_the_appliance_and_its_version_and_nothing_else()
    {
        using var client = _sim.ApplianceClient(_sim.Source);
        client.DefaultRequestHeaders.Authorization = null;

        using var response = await client.GetAsync("/appliance/about.json");

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var about = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["Name", "Version"], about.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("source", about.RootElement.GetProperty("Name").GetString());
        Assert.Equal("3.10.2", about.RootElement.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task An_api_answer_carries_no_page_headers()
    {
        using var client = _sim.ApplianceClient(_sim.Target);
        client.DefaultRequestHeaders.Authorization = null;

        using var response = await client.GetAsync("/api/ApplicationService/Info");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("(none)", Header(response, "X-Frame-Options"));
    }
}
