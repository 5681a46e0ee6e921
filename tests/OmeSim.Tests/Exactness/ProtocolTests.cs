using System.Net;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Exactness;

/// <summary>OME's answers that the raw-wire tests (<see cref="WireProtocolTests"/>) do not already pin.</summary>
public class ProtocolTests
{
    [Fact]
    public async Task Unauthenticated_request_to_an_unknown_uri_answers_401_because_auth_runs_before_routing()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.Client.GetAsync("/api/NoSuchService/Things");

        await OmeAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "CGEN1001");
    }

    [Fact]
    public async Task Broken_json_answers_400_cgen6002_naming_the_body()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.PostJsonAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR", "{\"DistinguishedName\":");

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN6002", "body");
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_answers_cgen6002_naming_that_field()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.PostJsonAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR", """{"DistinguishedName":["a"]}""");

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN6002", "DistinguishedName");
    }

    [Fact]
    public async Task Info_reports_the_appliances_version_in_omes_shape()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync("3.10.2");

        var body = await OmeAssert.JsonAsync(await appliance.GetAsync("/api/ApplicationService/Info"));

        Assert.Equal("#ApplicationService.Info", body.GetProperty("@odata.type").GetString());
        Assert.Equal("3.10.2", body.GetProperty("Version").GetString());
        Assert.Equal("OM Enterprise", body.GetProperty("Name").GetString());
        Assert.True(System.Version.TryParse(body.GetProperty("Version").GetString(), out _));
    }

    [Fact]
    public async Task Json_is_written_with_relaxed_escaping()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var text = await (await appliance.GetAsync("/api/SessionService/SessionConfiguration")).Content.ReadAsStringAsync();

        Assert.Contains("\"@odata.context\":\"/api/$metadata#Collection(SessionService.SessionConfiguration)\"", text);
        Assert.DoesNotContain("\\u", text);
    }
}

public class ExactPathTests
{
    [Theory]
    [InlineData("/api/applicationservice/Info")]
    [InlineData("/API/ApplicationService/Info")]
    [InlineData("/api/ApplicationService/info")]
    [InlineData("/api/ApplicationService/Info/")]
    [InlineData("/api/SessionService/sessions")]
    public async Task A_path_in_another_case_or_with_a_trailing_slash_is_unknown_as_on_omes_java_back_end(string path)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        await OmeAssert.ErrorAsync(await appliance.GetAsync(path), HttpStatusCode.NotFound, "CGEN1006");
    }

    [Fact]
    public async Task The_exact_path_and_odata_keys_still_route()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var login = await appliance.PostJsonAsync("/api/SessionService/Sessions", """{"UserName":"admin","Password":"OmeSim#2026!"}""");
        var id = (await OmeAssert.JsonAsync(login, HttpStatusCode.Created)).GetProperty("Id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await appliance.GetAsync("/api/ApplicationService/Info")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await appliance.GetAsync($"/api/SessionService/Sessions('{id}')")).StatusCode);
        await OmeAssert.ErrorAsync(await appliance.GetAsync($"/api/SessionService/sessions('{id}')"), HttpStatusCode.NotFound, "CGEN1006");
    }

    [Theory]
    [InlineData("3.10.2", HttpStatusCode.NotFound)]
    [InlineData("4.0.1", HttpStatusCode.MethodNotAllowed)]
    public async Task Get_on_validate_connection_is_404_where_the_action_does_not_exist_and_405_where_it_does(string version, HttpStatusCode status)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync(version);

        await OmeAssert.ErrorAsync(await appliance.GetAsync("/api/MigrationService/Actions/MigrationService.ValidateConnection"), status, "CGEN1006");
    }
}
