using System.Net;
using System.Text.Json;
using OmeSim.BrowserTests.Infrastructure;

namespace OmeSim.BrowserTests;

/// <summary>The pages' own answers over real sockets: exact paths, the security headers, and /api/... as before.</summary>
public sealed class ConsoleHttpTests : IAsyncLifetime
{
    private TestSimulator _sim = null!;

    public async Task InitializeAsync() => _sim = await (LiveHosts.Simulator with { ControlToken = "s3cret-token" }).StartSimulatorAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Theory]
    [InlineData("/", "text/html; charset=utf-8")]
    [InlineData("/appliance/index.html", "text/html; charset=utf-8")]
    [InlineData("/appliance/console.js", "text/javascript; charset=utf-8")]
    [InlineData("/shared/dom.js", "text/javascript; charset=utf-8")]
    [InlineData("/shared/style.css", "text/css; charset=utf-8")]
    public async Task The_console_pages_are_served_without_credentials_with_CSP_and_nosniff(string path, string contentType)
    {
        using var client = _sim.ApplianceClient(_sim.Target);
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal("default-src 'self'; frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Empty(_sim.Target.Journal.Entries());
    }

    [Fact]
    public async Task The_page_has_no_inline_script_or_style_and_loads_nothing_from_another_origin()
    {
        using var client = _sim.ApplianceClient(_sim.Target);
        foreach (var path in new[] { "/", "/appliance/console.js" })
        {
            var text = await client.GetStringAsync(path);
            Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("innerHTML", text, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/APPLIANCE/index.html")]
    [InlineData("/appliance/")]
    [InlineData("/appliance/index.html/")]
    [InlineData("/appliance/missing.js")]
    public async Task Other_paths_still_answer_as_OME_does(string path)
    {
        using var client = _sim.ApplianceClient(_sim.Target);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));

        using var authenticated = _sim.BasicClient(_sim.Target);
        using var unknown = await authenticated.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var info = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("@Message.ExtendedInfo")[0];
        Assert.Equal("CGEN1006", info.GetProperty("MessageId").GetString());
    }

    [Fact]
    public async Task The_dashboard_pages_need_no_token_but_its_API_calls_do()
    {
        using var anonymous = _sim.ControlClient();
        using var page = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("default-src 'self'; frame-ancestors 'none'", string.Join(",", page.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("/dashboard/dashboard.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var har = await anonymous.GetAsync("/appliances/target/journal.har");
        Assert.Equal(HttpStatusCode.Unauthorized, har.StatusCode);
        using var check = await anonymous.PostAsync("/check", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, check.StatusCode);

        using var withToken = await _sim.Control.GetAsync("/appliances/target/journal.har");
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        using var unknown = await _sim.Control.GetAsync("/appliances/nosuch/journal.har");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("No appliance named 'nosuch'.",
            JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("Error").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"Certificate":"%%%"}""")]
    [InlineData("""{"Certificate":"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n","Csr":"nope"}""")]
    public async Task The_check_route_answers_a_bad_body_with_400_and_a_reason(string body)
    {
        using var response = await _sim.Control.PostAsync("/check", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Error").GetString()));
    }

    [Fact]
    public async Task The_check_route_answers_an_unreadable_file_as_an_upload_would()
    {
        using var response = await _sim.Control.PostAsync("/check",
            new StringContent("""{"Certificate":"bm90IGEgY2VydGlmaWNhdGU="}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(report.GetProperty("UploadAccepted").GetBoolean());
        Assert.Equal("CSEC9002",
            report.GetProperty("Answer").GetProperty("error").GetProperty("@Message.ExtendedInfo")[0].GetProperty("MessageId").GetString());
    }
}
