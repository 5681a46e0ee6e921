using System.Net;
using System.Text;
using System.Text.Json;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests;

/// <summary>
/// What Dell's own clients and their tests against real appliances expect, where no other test pins it
/// (docs/dell-expectations.md lists every expectation and its test). OME's words are written out here.
/// </summary>
public class DellExpectationTests
{
    private const string Sessions = "/api/SessionService/Sessions";

    private static string SanInvalid => "Unable to complete the request because the input value for Subject Alternative Name(s) is missing or an invalid "
        + "value is entered.";

    /// <summary>Ansible's integration test invalid_san.yaml (module 9.x), every case with the Message it asserts.</summary>
    public static TheoryData<string, string> InvalidSans => new()
    {
        { "-1", SanInvalid },
        { "hostname1.chassis.com,hostname2.chassis.com,hostname3.chassis.com,hostname4.chassis.com,hostname5.chassis.com",
            "Unable to complete the request because the input value for SAN is missing or an invalid value is entered." },
        { "[hostname1.chassis.com,hostname2.chassis.com]", SanInvalid },
        { new string('a', 66), SanInvalid },
        { "test.dell.i", SanInvalid },
    };

    [Theory]
    [MemberData(nameof(InvalidSans))]
    public async Task GenerateCsr_answers_each_invalid_san_of_ansibles_integration_test_with_400_and_its_message(string san, string message)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var request = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["DistinguishedName"] = "hostname.com", ["DepartmentName"] = "Remote Access Group", ["BusinessName"] = "Dell Inc.",
            ["Locality"] = "Round Rock", ["State"] = "Texas", ["Country"] = "US", ["Email"] = "support@dell.com", ["San"] = san,
        });

        var response = await appliance.PostJsonAsync(TestPki.CsrPath, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var info = Info(await response.Content.ReadAsStringAsync());
        Assert.Equal("CGEN6002", info.GetProperty("MessageId").GetString());
        Assert.Equal(message, info.GetProperty("Message").GetString());
    }

    /// <summary>
    /// Terraform's acceptance test (testCreateCSRWithEmptyDN) matches "DistinguishedName is missing"; Ansible's invalid.yaml sees
    /// 400 for an invalid email and country.
    /// </summary>
    [Theory]
    [InlineData(
        "{\"DistinguishedName\":\"\",\"DepartmentName\":\"d\",\"BusinessName\":\"b\",\"Locality\":\"l\",\"State\":\"s\","
            + "\"Country\":\"US\",\"Email\":\"abc@gmail.com\"}",
        "Unable to complete the request because the input value for DistinguishedName is missing or an invalid value is entered.")]
    [InlineData(
        "{\"DistinguishedName\":\"hostname.com\",\"DepartmentName\":\"Remote Access Group\",\"BusinessName\":\"Dell Inc.\","
            + "\"Locality\":\"Round Rock\",\"State\":\"Texas\","
            + "\"Country\":\"US\",\"Email\":\"support\"}",
        "Unable to complete the request because the input value for Email is missing or an invalid value is entered.")]
    [InlineData(
        "{\"DistinguishedName\":\"hostname.com\",\"DepartmentName\":\"Remote Access Group\",\"BusinessName\":\"Dell Inc.\","
            + "\"Locality\":\"Round Rock\",\"State\":\"Texas\","
            + "\"Country\":\"invalid\",\"Email\":\"support@dell.com\"}",
        "Unable to complete the request because the input value for Country is missing or an invalid value is entered.")]
    public async Task GenerateCsr_answers_the_invalid_fields_of_dells_tests_with_400_cgen6002(string request, string message)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.PostJsonAsync(TestPki.CsrPath, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var info = Info(await response.Content.ReadAsStringAsync());
        Assert.Equal("CGEN6002", info.GetProperty("MessageId").GetString());
        Assert.Equal(message, info.GetProperty("Message").GetString());
        Assert.Equal("Enter a valid value and retry the operation.", info.GetProperty("Resolution").GetString());
    }

    /// <summary>
    /// ome_session (module 9.x) and its integration tests: login without SessionType, the session listed by GET Sessions with its
    /// Id between quotes in @odata.id (the module splits on "'"), GET Sessions('Id') with Basic, DELETE 204, then the dead token 401.
    /// </summary>
    [Fact]
    public async Task The_ome_session_modules_create_list_and_delete_flow_works_as_on_a_real_appliance()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var login = await Login(appliance, """{"UserName":"admin","Password":"OmeSim#2026!"}""");
        var created = await OmeAssert.JsonAsync(login, HttpStatusCode.Created);
        var token = login.Headers.GetValues("X-Auth-Token").Single();
        var id = created.GetProperty("Id").GetString()!;

        var listed = await OmeAssert.JsonAsync(await appliance.SendAsync(HttpMethod.Get, Sessions, token: token));
        Assert.Contains(id, listed.GetProperty("value").EnumerateArray().Select(s => s.GetProperty("@odata.id").GetString()!.Split('\'')[1]));
        Assert.Equal(HttpStatusCode.OK, (await appliance.SendAsync(HttpMethod.Get, $"{Sessions}('{id}')")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await appliance.SendAsync(HttpMethod.Delete, $"{Sessions}('{id}')", token: token)).StatusCode);

        var dead = await appliance.SendAsync(HttpMethod.Get, Sessions, token: token);
        Assert.Equal(HttpStatusCode.Unauthorized, dead.StatusCode);
        var other = await Login(appliance, """{"UserName":"admin","Password":"OmeSim#2026!"}""");
        var otherToken = other.Headers.GetValues("X-Auth-Token").Single();
        var after = await OmeAssert.JsonAsync(await appliance.SendAsync(HttpMethod.Get, Sessions, token: otherToken));
        Assert.DoesNotContain(id, after.GetProperty("value").EnumerateArray().Select(s => s.GetProperty("@odata.id").GetString()!.Split('\'')[1]));
    }

    /// <summary>
    /// Dell's PowerShell module: Connect-OMEServer posts the login with SessionType API and reads X-Auth-Token and Id, reads
    /// ApplicationService/Info (a GET with Content-Type application/json) and casts Version to [System.Version];
    /// Get-OMEApplianceInfo reads the fields below; Disconnect-OMEServer deletes Sessions('Id') and expects 204.
    /// </summary>
    [Fact]
    public async Task The_powershell_modules_connect_info_and_disconnect_calls_get_what_it_reads()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync("4.0.1");

        var login = await Login(appliance, """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"API"}""");
        Assert.Contains((int)login.StatusCode, new[] { 200, 201 });
        var token = login.Headers.GetValues("X-Auth-Token").Single();
        var id = (await OmeAssert.JsonAsync(login, login.StatusCode)).GetProperty("Id").GetString();

        var info = await OmeAssert.JsonAsync(await appliance.SendAsync(HttpMethod.Get, "/api/ApplicationService/Info", Json(""), token: token));
        Assert.Equal(new Version(4, 0, 1), Version.Parse(info.GetProperty("Version").GetString()!));
        foreach (var field in new[] { "Name", "Description", "Vendor", "Branding", "BuildNumber", "BuildDate", "Guid", "OperationStatus" })
        {
            Assert.Equal(JsonValueKind.String, info.GetProperty(field).ValueKind);
        }

        var logout = await appliance.SendAsync(HttpMethod.Delete, $"{Sessions}('{id}')", Json(""), token: token);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
    }

    /// <summary>Terraform's ome_application_certificate data source reads value[0] of Certificate: the dates and both CertDetails.</summary>
    [Fact]
    public async Task Certificate_answers_the_single_value_terraforms_data_source_reads()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var body = await OmeAssert.JsonAsync(await appliance.GetAsync("/api/ApplicationService/Certificate"));

        var value = Assert.Single(body.GetProperty("value").EnumerateArray());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", value.GetProperty("ValidFrom").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", value.GetProperty("ValidTo").GetString());
        foreach (var side in new[] { "IssuedBy", "IssuedTo" })
        {
            var detail = value.GetProperty(side);
            Assert.Equal("#ApplicationService.CertDetail", detail.GetProperty("@odata.type").GetString());
            foreach (var field in new[] { "DistinguishedName", "DepartmentName", "BusinessName", "Locality", "State", "Country", "Email", "KeySize", "San" })
            {
                Assert.True(detail.TryGetProperty(field, out _), $"{side} lacks {field}");
            }
        }
    }

    /// <summary>A login as the clients send it: no Authorization header.</summary>
    private static Task<HttpResponseMessage> Login(TestAppliance appliance, string body) =>
        appliance.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, Sessions) { Content = Json(body) });

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static JsonElement Info(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("@Message.ExtendedInfo")[0].Clone();
}
