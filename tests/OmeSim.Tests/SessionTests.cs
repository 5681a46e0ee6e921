using System.Net;
using System.Text;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests;

public class SessionTests
{
    private const string Login = """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"API"}""";

    [Fact]
    public async Task Login_answers_201_with_token_location_and_omes_session_body()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.Client.PostAsync("/api/SessionService/Sessions", new StringContent(Login, Encoding.UTF8, "application/json"));

        var body = await OmeAssert.JsonAsync(response, HttpStatusCode.Created);
        var id = body.GetProperty("Id").GetString()!;
        Assert.Equal($"/api/SessionService/Sessions('{id}')", body.GetProperty("@odata.id").GetString());
        Assert.Equal($"/api/SessionService/Sessions('{id}')", response.Headers.Location?.OriginalString);
        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Auth-Token").Single());
        Assert.Equal("#SessionService.Session", body.GetProperty("@odata.type").GetString());
        Assert.Equal("API", body.GetProperty("Name").GetString());
        Assert.Equal("admin", body.GetProperty("UserName").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("Password").ValueKind);
        Assert.Equal(["ADMINISTRATOR"], body.GetProperty("Roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$", body.GetProperty("StartTimeStamp").GetString());
        Assert.Equal("4.0", response.Headers.GetValues("OData-Version").Single());
    }

    [Fact]
    public async Task Login_without_session_type_is_accepted_as_ansible_sends_it()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.PostJsonAsync("/api/SessionService/Sessions", """{"UserName":"admin","Password":"OmeSim#2026!"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_password_answers_401_with_cgen1001_and_a_basic_challenge()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.Client.PostAsync("/api/SessionService/Sessions",
            new StringContent("""{"UserName":"admin","Password":"wrong","SessionType":"API"}""", Encoding.UTF8, "application/json"));

        await OmeAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "CGEN1001");
        Assert.Equal("Basic realm=\"OME\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Token_works_until_the_session_is_deleted_then_answers_401()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var login = await appliance.Client.PostAsync("/api/SessionService/Sessions", new StringContent(Login, Encoding.UTF8, "application/json"));
        var token = login.Headers.GetValues("X-Auth-Token").Single();
        var id = (await OmeAssert.JsonAsync(login, HttpStatusCode.Created)).GetProperty("Id").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await appliance.SendAsync(HttpMethod.Get, "/api/ApplicationService/Info", token: token)).StatusCode);
        var list = await OmeAssert.JsonAsync(await appliance.SendAsync(HttpMethod.Get, "/api/SessionService/Sessions", token: token));
        Assert.Equal(1, list.GetProperty("@odata.count").GetInt32());
        Assert.Equal(id, list.GetProperty("value")[0].GetProperty("@odata.id").GetString()!.Split("'")[1]);
        var one = await OmeAssert.JsonAsync(await appliance.SendAsync(HttpMethod.Get, $"/api/SessionService/Sessions('{id}')", token: token));
        Assert.Equal(id, one.GetProperty("Id").GetString());

        var delete = await appliance.SendAsync(HttpMethod.Delete, $"/api/SessionService/Sessions('{id}')", token: token);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var again = await appliance.SendAsync(HttpMethod.Delete, $"/api/SessionService/Sessions('{id}')", token: token);
        await OmeAssert.ErrorAsync(again, HttpStatusCode.Unauthorized, "CGEN1001");
    }

    [Fact]
    public async Task Sessions_expire_after_the_idle_timeout_on_the_appliances_clock()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var login = await appliance.Client.PostAsync("/api/SessionService/Sessions", new StringContent(Login, Encoding.UTF8, "application/json"));
        var token = login.Headers.GetValues("X-Auth-Token").Single();

        appliance.Node.Clock.Set(null, TimeSpan.FromMinutes(31).TotalSeconds, frozen: false);

        await OmeAssert.ErrorAsync(
            await appliance.SendAsync(HttpMethod.Get, "/api/ApplicationService/Info", token: token), HttpStatusCode.Unauthorized, "CGEN1001");
    }

    [Fact]
    public async Task The_101st_session_answers_cgen1008()
    {
        await using var appliance = await new TestHosts { Customize = o => o with { SessionLimits = new(3, TimeSpan.FromMinutes(30)) } }.StartApplianceAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await appliance.PostJsonAsync("/api/SessionService/Sessions", Login)).StatusCode);
        }

        var response = await appliance.PostJsonAsync("/api/SessionService/Sessions", Login);

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN1008", "Maximum number of sessions reached.");
    }

    [Fact]
    public async Task Session_configuration_lists_the_api_member_with_omes_defaults()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var body = await OmeAssert.JsonAsync(await appliance.GetAsync("/api/SessionService/SessionConfiguration"));

        Assert.Equal("/api/$metadata#Collection(SessionService.SessionConfiguration)", body.GetProperty("@odata.context").GetString());
        var api = body.GetProperty("value").EnumerateArray().Single(m => m.GetProperty("SessionType").GetString() == "API");
        Assert.Equal(100, api.GetProperty("MaxSessions").GetInt32());
        Assert.Equal(1800000, api.GetProperty("SessionTimeout").GetInt64());
        Assert.Equal(86400000, api.GetProperty("MaxSessionTimeout").GetInt64());
    }
}

public class SessionLimitPerTypeTests
{
    [Fact]
    public async Task Gui_sessions_do_not_use_up_the_api_session_limit()
    {
        await using var appliance = await new TestHosts { Customize = o => o with { SessionLimits = new(1, TimeSpan.FromMinutes(30)) } }.StartApplianceAsync();

        var guiLogin = await appliance.PostJsonAsync("/api/SessionService/Sessions", """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"GUI"}""");
        Assert.Equal(HttpStatusCode.Created, guiLogin.StatusCode);
        var apiLogin = await appliance.PostJsonAsync("/api/SessionService/Sessions", """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"API"}""");
        Assert.Equal(HttpStatusCode.Created, apiLogin.StatusCode);
        await OmeAssert.ErrorAsync(await appliance.PostJsonAsync("/api/SessionService/Sessions", """{"UserName":"admin","Password":"OmeSim#2026!"}"""),
            HttpStatusCode.BadRequest, "CGEN1008", "Maximum number of sessions reached.");
    }
}
