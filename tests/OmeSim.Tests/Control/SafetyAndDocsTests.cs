using System.Net;
using System.Text.Json;
using OmeSim.Cli;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Control;

public class SafetyAndDocsTests
{
    [Fact]
    public async Task With_a_control_token_every_call_but_health_and_docs_needs_it_as_a_bearer_token()
    {
        await using var sim = await new TestHosts { ControlToken = "s3cret-token" }.StartSimulatorAsync();
        var bare = sim.ControlClient();
        var wrong = sim.ControlClient("s3cret-tokeN");

        var none = await bare.PostAsync("/reset", null);
        var bad = await wrong.GetAsync("/appliances");
        var health = await bare.GetAsync("/health/live");
        var list = await bare.GetAsync("/appliances");
        var good = await sim.Control.GetAsync("/appliances");
        var docs = await bare.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("Bearer", (await OmeAssert.JsonAsync(none, HttpStatusCode.Unauthorized)).GetProperty("Error").GetString());
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        // A kubelet's probes send no token: health answers them, with the status alone.
        Assert.Equal("""{"Status":"Live"}""", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task Without_a_control_token_calls_need_no_authorization()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        Assert.Equal(HttpStatusCode.OK, (await sim.Control.GetAsync("/appliances")).StatusCode);
    }

    [Fact]
    public void Serve_refuses_a_non_loopback_control_url_without_a_token_and_takes_the_expose_ca_key_flag()
    {
        var refused = Assert.Throws<ArgumentException>(() => new ServeSettings { Control = "http://0.0.0.0:8440" }.ToOptions());
        var options = new ServeSettings { Control = "http://0.0.0.0:8440", ControlToken = "t", ExposeCaKey = true }.ToOptions();
        var parsed = ServeCommand.Settings(
            ServeCommand.Create().Parse(["--expose-ca-key", "--in-memory"]), new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).ToOptions();

        Assert.Contains("--control-token", refused.Message);
        Assert.True(options.ExposeCaKey);
        Assert.True(parsed.ExposeCaKey);
        Assert.Null(parsed.DataDirectory);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_control_route_and_swagger_ui_serves_it()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        var document = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/openapi/v1.json"));
        var ui = await sim.Control.GetAsync("/swagger/index.html");
        var config = await sim.Control.GetStringAsync("/swagger/index.js");

        var paths = document.GetProperty("paths");
        foreach (var route in new[]
        {
            "/health/live", "/health/ready", "/appliances", "/appliances/{name}", "/appliances/{name}/reset", "/reset",
            "/appliances/{name}/clock", "/appliances/{name}/faults", "/appliances/{name}/faults/{id}", "/appliances/{name}/journal",
            "/appliances/{name}/logs", "/pki/root.pem", "/pki/intermediates.pem", "/pki/root-key.pem", "/pki/sign", "/appliances/{name}/provision",
            "/appliances/{name}/journal.har", "/check",
        })
        {
            Assert.True(paths.TryGetProperty(route, out var operations), $"{route} is not in the OpenAPI document");
            Assert.All(operations.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Name != "parameters"),
                o => Assert.False(string.IsNullOrEmpty(o.Value.GetProperty("summary").GetString()), $"{o.Name} {route} has no summary"));
        }
        Assert.Equal("Create an appliance", paths.GetProperty("/appliances").GetProperty("post").GetProperty("summary").GetString());
        Assert.Equal("Delete an appliance", paths.GetProperty("/appliances/{name}").GetProperty("delete").GetProperty("summary").GetString());
        Assert.True(paths.GetProperty("/appliances").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
        var create = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateApplianceRequest").GetProperty("properties");
        Assert.Equal(["Name", "Version", "Address", "Port", "PrivilegedPort"], create.EnumerateObject().Select(p => p.Name));
        // The appliance routes bind the running appliance from {name}; the document still shows {name} as a string in the path.
        var nameParameter = paths.GetProperty("/appliances/{name}/clock").GetProperty("put").GetProperty("parameters").EnumerateArray().Single();
        Assert.Equal(("name", "path", "string"), (nameParameter.GetProperty("name").GetString(), nameParameter.GetProperty("in").GetString(),
            nameParameter.GetProperty("schema").GetProperty("type").GetString()));
        var rule = document.GetProperty("components").GetProperty("schemas").GetProperty("FaultRuleSpec").GetProperty("properties");
        Assert.Equal(["Method", "Path", "MessageId", "Status", "MessageArgs", "Drop", "DelayMs", "Skip", "Times"], rule.EnumerateObject().Select(p => p.Name));
        var signBody = paths.GetProperty("/pki/sign").GetProperty("post").GetProperty("requestBody");
        Assert.True(signBody.GetProperty("content").TryGetProperty("application/x-pem-file", out _));
        Assert.Equal("OmeSim control plane", document.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/openapi/v1.json", config);
    }

    [Fact]
    public async Task An_unknown_control_route_answers_404_with_a_pascal_case_error()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        var missing = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/nothing/here"), HttpStatusCode.NotFound);
        var method = await sim.Control.DeleteAsync("/pki/root.pem");

        Assert.Contains("/nothing/here", missing.GetProperty("Error").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
    }
}
