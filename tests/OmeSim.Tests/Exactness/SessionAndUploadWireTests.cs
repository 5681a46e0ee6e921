using System.Text;
using System.Text.Json;
using OmeSim.Hosting;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Exactness;

/// <summary>Sessions and uploads on a real socket, as Ansible (urllib), Terraform (net/http) and curl send them.</summary>
public class SessionAndUploadWireTests
{
    private const string Login = """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"API"}""";

    private static Task<RawResponse> LoginAsync(Uri url, string body = Login) =>
        RawHttp.SendAsync(url,
            $"POST /api/SessionService/Sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}",
            Encoding.UTF8.GetBytes(body));

    [Fact]
    public async Task Login_and_logout_go_201_201_then_204_204_with_the_url_encoded_quotes_python_may_send()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();

        var login = await LoginAsync(appliance.Node.Url);
        var id = JsonDocument.Parse(login.Body).RootElement.GetProperty("Id").GetString()!;
        var token = login.Header("X-Auth-Token")!;
        var logout = await RawHttp.SendAsync(appliance.Node.Url,
            $"DELETE /api/SessionService/Sessions(%27{id}%27) HTTP/1.1\r\nHost: x\r\nX-Auth-Token: {token}\r\nContent-Type: application/json");
        var after = await RawHttp.SendAsync(appliance.Node.Url, $"GET /api/ApplicationService/Info HTTP/1.1\r\nHost: x\r\nX-Auth-Token: {token}");

        Assert.Equal("HTTP/1.1 201 201", login.StatusLine);
        Assert.Equal($"/api/SessionService/Sessions('{id}')", login.Header("Location"));
        Assert.Equal("application/json; odata.metadata=minimal", login.Header("Content-Type"));
        Assert.Equal("HTTP/1.1 204 204", logout.StatusLine);
        Assert.Empty(logout.Body);
        Assert.False(logout.Has("Content-Type"));
        Assert.Equal("HTTP/1.1 401 401", after.StatusLine);
        Assert.Equal(0, appliance.Appliance.Sessions.Count);
    }

    [Theory]
    [InlineData("api", "API")]
    [InlineData("Api", "API")]
    [InlineData("GUI", "GUI")]
    public async Task Session_type_is_read_in_any_case_and_answered_in_omes(string sent, string answered)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.PostJsonAsync(
            "/api/SessionService/Sessions", $$"""{"UserName":"admin","Password":"{{Defaults.Password}}","SessionType":"{{sent}}"}""");

        var body = await OmeAssert.JsonAsync(response, System.Net.HttpStatusCode.Created);
        Assert.Equal(answered, body.GetProperty("Name").GetString());
    }

    [Fact]
    public async Task An_unknown_session_type_answers_cgen6002_and_creates_nothing()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.PostJsonAsync(
            "/api/SessionService/Sessions", $$"""{"UserName":"admin","Password":"{{Defaults.Password}}","SessionType":"Serial"}""");

        await OmeAssert.ErrorAsync(response, System.Net.HttpStatusCode.BadRequest, "CGEN6002", "SessionType");
        Assert.Equal(0, appliance.Appliance.Sessions.Count);
    }

    [Fact]
    public async Task An_unknown_or_expired_session_id_answers_404_cgen1006_on_get_and_delete()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var login = await OmeAssert.JsonAsync(await appliance.PostJsonAsync("/api/SessionService/Sessions", Login), System.Net.HttpStatusCode.Created);
        var id = login.GetProperty("Id").GetString()!;
        await OmeAssert.ErrorAsync(await appliance.GetAsync("/api/SessionService/Sessions('no-such-id')"), System.Net.HttpStatusCode.NotFound, "CGEN1006");
        await OmeAssert.ErrorAsync(
            await appliance.SendAsync(HttpMethod.Delete, "/api/SessionService/Sessions('no-such-id')"), System.Net.HttpStatusCode.NotFound, "CGEN1006");

        appliance.Node.Clock.Set(null, TimeSpan.FromMinutes(31).TotalSeconds, frozen: false);

        await OmeAssert.ErrorAsync(await appliance.GetAsync($"/api/SessionService/Sessions('{id}')"), System.Net.HttpStatusCode.NotFound, "CGEN1006");
    }

    [Fact]
    public async Task A_session_deleted_with_basic_credentials_kills_its_token()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var login = await appliance.PostJsonAsync("/api/SessionService/Sessions", Login);
        var token = login.Headers.GetValues("X-Auth-Token").Single();
        var id = (await OmeAssert.JsonAsync(login, System.Net.HttpStatusCode.Created)).GetProperty("Id").GetString()!;

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await appliance.SendAsync(HttpMethod.Delete, $"/api/SessionService/Sessions('{id}')")).StatusCode);

        await OmeAssert.ErrorAsync(
            await appliance.SendAsync(HttpMethod.Get, "/api/ApplicationService/Info", token: token), System.Net.HttpStatusCode.Unauthorized, "CGEN1001");
    }

    [Fact]
    public async Task A_successful_upload_answers_200_200_with_an_empty_body_and_content_length_0()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);
        var body = TestPki.Bytes(chain.ToPem());

        var response = await RawHttp.SendAsync(appliance.Node.Url,
            $"POST {TestPki.UploadChainPath} HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\n"
                + $"Content-Type: application/octet-stream\r\nAccept: application/octet-stream\r\nContent-Length: {body.Length}",
            body);

        Assert.Equal("HTTP/1.1 200 200", response.StatusLine);
        Assert.Equal("0", response.Header("Content-Length"));
        Assert.Empty(response.Body);
        Assert.Equal(chain.Leaf.Thumbprint, appliance.Appliance.Served.Leaf.Thumbprint);
    }

    [Fact]
    public async Task A_chunked_upload_is_read_whole()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);
        var pem = TestPki.Bytes(chain.ToPem());
        var chunked = new MemoryStream();
        foreach (var part in pem.Chunk(100))
        {
            chunked.Write(Encoding.ASCII.GetBytes($"{part.Length:x}\r\n"));
            chunked.Write(part);
            chunked.Write("\r\n"u8);
        }
        chunked.Write("0\r\n\r\n"u8);

        var response = await RawHttp.SendAsync(appliance.Node.Url,
            $"POST {TestPki.UploadChainPath} HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\nTransfer-Encoding: chunked", chunked.ToArray());

        Assert.Equal("HTTP/1.1 200 200", response.StatusLine);
        Assert.Equal(chain.Leaf.Thumbprint, appliance.Appliance.Served.Leaf.Thumbprint);
    }

    [Fact]
    public async Task An_upload_with_expect_100_continue_gets_the_interim_answer_then_200()
    {
        await using var appliance = await new TestHosts { RealTls = true }.StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);
        var body = TestPki.Bytes(chain.LeafPem());

        var (interim, response) = await RawHttp.SendExpectingContinueAsync(appliance.Node.Url,
            $"POST {TestPki.UploadCertificatePath} HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\n"
                + $"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}",
            body);

        Assert.StartsWith("HTTP/1.1 100 ", interim);
        Assert.Equal("HTTP/1.1 200 200", response.StatusLine);
        Assert.Equal(chain.Leaf.Thumbprint, appliance.Appliance.Served.Leaf.Thumbprint);
    }
}
