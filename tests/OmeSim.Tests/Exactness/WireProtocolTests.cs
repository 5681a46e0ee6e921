using System.Text;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Exactness;

/// <summary>One real-TLS 4.0.1 appliance shared by the read-only wire tests of <see cref="WireProtocolTests"/>.</summary>
public sealed class SharedTlsAppliance() : ApplianceFixture(new TestHosts { RealTls = true });

/// <summary>What Dell's clients see on the wire: status lines, headers and OME's error envelope on every 4xx.</summary>
public class WireProtocolTests(SharedTlsAppliance shared) : IClassFixture<SharedTlsAppliance>
{
    private const string Csr = "/api/ApplicationService/Actions/ApplicationService.GenerateCSR";
    private const string Upload = "/api/ApplicationService/Actions/ApplicationService.UploadCertificate";
    private const string Chain = "/api/ApplicationService/Actions/ApplicationService.UploadCertChain";

    public static TheoryData<string, string> WrongMethods => new()
    {
        { "PUT", "/api/ApplicationService/Info" },
        { "DELETE", "/api/ApplicationService/Certificate" },
        { "POST", "/api/SessionService/SessionConfiguration" },
        { "PATCH", "/api/SessionService/Sessions" },
        { "POST", "/api/SessionService/Sessions('abc')" },
        { "GET", Csr },
        { "GET", Upload },
        { "DELETE", Chain },
        { "GET", "/api/MigrationService/Actions/MigrationService.ValidateConnection" },
        { "GET", "/api/MigrationService/Actions/MigrationService.VerifyPeer" },
        { "OPTIONS", "/api/ApplicationService/Info" },
    };

    [Theory]
    [MemberData(nameof(WrongMethods))]
    public async Task Every_route_answers_a_wrong_method_with_405_cgen1006_in_omes_envelope_and_no_allow_header(string method, string path)
    {
        var response = await RawHttp.SendAsync(shared.Url, $"{method} {path} HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\nContent-Length: 0");

        Assert.Equal("HTTP/1.1 405 405", response.StatusLine);
        Assert.Equal("CGEN1006", response.ErrorMessageId());
        Assert.Equal("4.0", response.Header("OData-Version"));
        Assert.False(response.Has("Allow"));
        Assert.False(response.Has("Server"));
    }

    // "/" is the web console's page (OME serves its console at the root), and /favicon.ico its icon; its folders, other cases of
    // its paths and other root files are not.
    [Theory]
    [InlineData("/appliance/")]
    [InlineData("/APPLIANCE/INDEX.HTML")]
    [InlineData("/index.html")]
    [InlineData("/api")]
    [InlineData("/api/NoSuchService/Things")]
    [InlineData("/api/ApplicationService/Actions/ApplicationService.NoSuchAction")]
    [InlineData("/api/SessionService/Sessions('abc')/Extra")]
    [InlineData("/favicon.png")]
    [InlineData("/FAVICON.ICO")]
    public async Task Every_unknown_uri_answers_404_cgen1006_in_omes_envelope(string path)
    {
        var response = await RawHttp.SendAsync(shared.Url, $"GET {path} HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}");

        Assert.Equal("HTTP/1.1 404 404", response.StatusLine);
        Assert.Equal("CGEN1006", response.ErrorMessageId());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Authorization: Basic YWRtaW46d3Jvbmc=\r\n")]
    [InlineData("Authorization: Basic !!!not-base64!!!\r\n")]
    [InlineData("Authorization: Bearer abc\r\n")]
    [InlineData("X-Auth-Token: 0123456789abcdef0123456789abcdef\r\n")]
    public async Task Every_401_carries_cgen1001_and_the_basic_challenge(string credentials)
    {
        var response = await RawHttp.SendAsync(shared.Url, $"GET /api/ApplicationService/Info HTTP/1.1\r\nHost: x\r\n{credentials}".TrimEnd('\r', '\n'));

        Assert.Equal("HTTP/1.1 401 401", response.StatusLine);
        Assert.Equal("CGEN1001", response.ErrorMessageId());
        Assert.Equal("Basic realm=\"OME\"", response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task A_get_with_a_body_and_a_json_content_type_is_answered_as_a_plain_get()
    {
        // Terraform's pre-request hook and PowerShell's -ContentType put a JSON content type on every GET.
        var body = Encoding.UTF8.GetBytes("""{"ignored":true}""");
        var response = await RawHttp.SendAsync(shared.Url,
            $"GET /api/ApplicationService/Info HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}",
            body);

        Assert.Equal("HTTP/1.1 200 200", response.StatusLine);
        Assert.Equal("application/json; odata.metadata=minimal", response.Header("Content-Type"));
    }

    [Fact]
    public async Task Accept_headers_never_turn_an_answer_into_406()
    {
        var info = await RawHttp.SendAsync(shared.Url, $"GET /api/ApplicationService/Info HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\nAccept: application/xml");
        var failedUpload = await RawHttp.SendAsync(shared.Url,
            $"POST {Upload} HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\n"
                + "Content-Type: application/octet-stream\r\nAccept: application/octet-stream\r\nContent-Length: 7",
            "garbage"u8.ToArray());

        Assert.Equal(200, info.Status);
        Assert.Equal("HTTP/1.1 400 400", failedUpload.StatusLine);
        Assert.Equal("CSEC9002", failedUpload.ErrorMessageId());
    }

    [Fact]
    public async Task Query_strings_on_known_uris_are_ignored_as_ansible_pagination_sends_them()
    {
        var response = await RawHttp.SendAsync(shared.Url,
            $"GET /api/SessionService/Sessions?$top=1&$skip=0&$filter=UserName%20eq%20%27admin%27 HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}");

        Assert.Equal("HTTP/1.1 200 200", response.StatusLine);
        Assert.Contains("\"@odata.context\":\"/api/$metadata#Collection(SessionService.Session)\"", response.BodyText);
    }

    [Fact]
    public async Task A_content_length_over_the_limit_answers_413_cgen1008_before_the_body_is_sent()
    {
        var response = await RawHttp.SendAsync(shared.Url,
            $"POST {Chain} HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\nContent-Type: application/octet-stream\r\nContent-Length: {2 * 1024 * 1024}");

        Assert.Equal("HTTP/1.1 413 413", response.StatusLine);
        Assert.Equal("CGEN1008", response.ErrorMessageId());
        Assert.Contains("\"MessageArgs\":[\"Request body too large.\"]", response.BodyText);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_answers_413_cgen1008()
    {
        var chunk = new byte[64 * 1024];
        var body = new MemoryStream();
        for (var i = 0; i < 17; i++)
        {
            body.Write(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            body.Write(chunk);
            body.Write("\r\n"u8);
        }
        body.Write("0\r\n\r\n"u8);

        var response = await RawHttp.SendAsync(shared.Url,
            $"POST {Chain} HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked", body.ToArray());

        Assert.Equal("HTTP/1.1 413 413", response.StatusLine);
        Assert.Equal("CGEN1008", response.ErrorMessageId());
    }

    [Fact]
    public async Task A_post_with_an_empty_body_answers_cgen6002_naming_the_body()
    {
        var response = await RawHttp.SendAsync(shared.Url,
            $"POST {Csr} HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}\r\nContent-Type: application/json\r\nContent-Length: 0");

        Assert.Equal("HTTP/1.1 400 400", response.StatusLine);
        Assert.Equal("CGEN6002", response.ErrorMessageId());
        Assert.Contains("\"MessageArgs\":[\"body\"]", response.BodyText);
    }

    [Fact]
    public async Task Head_on_a_get_resource_answers_like_get_without_a_body_as_omes_java_stack_does()
    {
        var response = await RawHttp.SendAsync(shared.Url, $"HEAD /api/ApplicationService/Info HTTP/1.1\r\nHost: x\r\n{RawHttp.Basic()}");

        Assert.Equal("HTTP/1.1 200 200", response.StatusLine);
        Assert.Equal("application/json; odata.metadata=minimal", response.Header("Content-Type"));
        Assert.Empty(response.Body);
        Assert.False(response.Has("Server"));
    }
}
