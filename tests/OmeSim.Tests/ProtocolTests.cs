using System.Net;
using System.Text;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests;

public class ProtocolTests
{
    [Fact]
    public async Task Unauthenticated_request_to_an_unknown_uri_answers_401_because_auth_runs_before_routing()
    {
        await using var appliance = await TestAppliance.StartAsync();

        var response = await appliance.Client.GetAsync("/api/NoSuchService/Things");

        await OmeAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "CGEN1001");
    }

    [Fact]
    public async Task Unknown_uri_answers_404_cgen1006()
    {
        await using var appliance = await TestAppliance.StartAsync();

        await OmeAssert.ErrorAsync(await appliance.GetAsync("/api/NoSuchService/Things"), HttpStatusCode.NotFound, "CGEN1006");
    }

    [Fact]
    public async Task Wrong_method_answers_405_cgen1006()
    {
        await using var appliance = await TestAppliance.StartAsync();

        await OmeAssert.ErrorAsync(await appliance.SendAsync(HttpMethod.Delete, "/api/ApplicationService/Info"), HttpStatusCode.MethodNotAllowed, "CGEN1006");
    }

    [Fact]
    public async Task Broken_json_answers_400_cgen6002_naming_the_body()
    {
        await using var appliance = await TestAppliance.StartAsync();

        var response = await appliance.PostJsonAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR", "{\"DistinguishedName\":");

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN6002", "body");
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_answers_cgen6002_naming_that_field()
    {
        await using var appliance = await TestAppliance.StartAsync();

        var response = await appliance.PostJsonAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR", """{"DistinguishedName":["a"]}""");

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN6002", "DistinguishedName");
    }

    [Fact]
    public async Task Body_over_the_limit_answers_413_cgen1008()
    {
        await using var appliance = await TestAppliance.StartAsync();

        var response = await appliance.PostBytesAsync("/api/ApplicationService/Actions/ApplicationService.UploadCertChain", new byte[1024 * 1024 + 1]);

        await OmeAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "CGEN1008", "Request body too large.");
    }

    [Fact]
    public async Task Info_reports_the_appliances_version_in_omes_shape()
    {
        await using var appliance = await TestAppliance.StartAsync(version: "3.10.2");

        var body = await OmeAssert.JsonAsync(await appliance.GetAsync("/api/ApplicationService/Info"));

        Assert.Equal("#ApplicationService.Info", body.GetProperty("@odata.type").GetString());
        Assert.Equal("3.10.2", body.GetProperty("Version").GetString());
        Assert.Equal("OM Enterprise", body.GetProperty("Name").GetString());
        Assert.True(System.Version.TryParse(body.GetProperty("Version").GetString(), out _));
    }

    [Fact]
    public async Task Json_is_written_with_relaxed_escaping()
    {
        await using var appliance = await TestAppliance.StartAsync();

        var text = await (await appliance.GetAsync("/api/SessionService/SessionConfiguration")).Content.ReadAsStringAsync();

        Assert.Contains("\"@odata.context\":\"/api/$metadata#Collection(SessionService.SessionConfiguration)\"", text);
        Assert.DoesNotContain("\\u", text);
    }
}
