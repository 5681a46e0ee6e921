using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Control;

/// <summary>
/// Issue 19's control-plane cases, each against the control plane on a real Kestrel socket: what another site, a rebound
/// DNS name or a hostile body sends is refused with a JSON 4xx, and changes nothing.
/// </summary>
public sealed class ControlHardeningTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static Task<TestSimulator> StartAsync(string? data = null, bool withoutAppliances = false, string? token = null) =>
        new TestHosts { RealTls = true, RealControl = true, DataDirectory = data, WithoutAppliances = withoutAppliances, ControlToken = token }
            .StartSimulatorAsync();

    private static HttpRequestMessage Request(HttpMethod method, string path, string? body = null, string? type = null, string? origin = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = type is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return request;
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("Error").GetString()!;
    }

    private static async Task<string> ThumbprintAsync(TestSimulator sim) =>
        (await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/target"))).GetProperty("Certificate").GetProperty("Thumbprint").GetString()!;

    private static async Task<string[]> NamesAsync(TestSimulator sim) =>
        [.. (await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances"))).EnumerateArray().Select(a => a.GetProperty("Name").GetString()!)];

    // Issue 19, item 1.
    [Fact]
    public async Task A_post_from_another_sites_page_is_refused_403_and_resets_nothing()
    {
        await using var sim = await StartAsync();
        var before = await ThumbprintAsync(sim);

        var textPlain = await sim.Control.SendAsync(Request(HttpMethod.Post, "/reset", "x", "text/plain", "http://evil.example"));
        var noBody = await sim.Control.SendAsync(Request(HttpMethod.Post, "/reset", origin: "http://evil.example"));
        var otherPort = await sim.Control.SendAsync(Request(HttpMethod.Post, "/appliances/target/provision?profile=good",
            origin: $"http://127.0.0.1:{sim.Simulator.ControlUrl.Port + 1}"));
        var sandboxed = await sim.Control.SendAsync(Request(HttpMethod.Post, "/reset", origin: "null"));
        var sameSite = Request(HttpMethod.Post, "/appliances", "{}", "application/json");
        sameSite.Headers.Add("Sec-Fetch-Site", "same-site");
        var fetchMetadata = await sim.Control.SendAsync(sameSite);

        foreach (var refused in new[] { textPlain, noBody, otherPort, sandboxed, fetchMetadata })
        {
            Assert.StartsWith("A request from the page of another site", await ErrorAsync(refused, HttpStatusCode.Forbidden));
        }
        Assert.Equal(before, await ThumbprintAsync(sim));
        Assert.Equal(["source", "target"], await NamesAsync(sim));
    }

    // Issue 19, item 1.
    [Fact]
    public async Task A_state_changing_body_that_is_not_json_is_refused_415_and_changes_nothing()
    {
        await using var sim = await StartAsync();
        var before = await ThumbprintAsync(sim);

        var form = await sim.Control.SendAsync(Request(HttpMethod.Post, "/appliances", "{\"Name\":\"x1\"}", "application/x-www-form-urlencoded"));
        var untyped = await sim.Control.SendAsync(Request(HttpMethod.Post, "/appliances", "{\"Name\":\"x2\"}"));
        var text = await sim.Control.SendAsync(Request(HttpMethod.Post, "/reset", "", "text/plain"));
        var provision = await sim.Control.SendAsync(Request(HttpMethod.Post, "/appliances/target/provision?profile=good", "a=b",
            "application/x-www-form-urlencoded"));
        var faults = await sim.Control.SendAsync(Request(HttpMethod.Post, "/appliances/target/faults", "{\"Path\":\"/api/*\",\"Status\":500}",
            "text/plain"));

        Assert.Equal("Content-Type 'application/x-www-form-urlencoded' is refused: the control plane takes bodies as application/json only.",
            await ErrorAsync(form, HttpStatusCode.UnsupportedMediaType));
        Assert.Equal("A body needs Content-Type: application/json.", await ErrorAsync(untyped, HttpStatusCode.UnsupportedMediaType));
        Assert.StartsWith("Content-Type 'text/plain", await ErrorAsync(text, HttpStatusCode.UnsupportedMediaType));
        Assert.StartsWith("Content-Type 'application/x-www-form-urlencoded", await ErrorAsync(provision, HttpStatusCode.UnsupportedMediaType));
        Assert.StartsWith("Content-Type 'text/plain", await ErrorAsync(faults, HttpStatusCode.UnsupportedMediaType));
        Assert.Equal(before, await ThumbprintAsync(sim));
        Assert.Equal(["source", "target"], await NamesAsync(sim));
        Assert.Equal(0, (await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/target/faults"))).GetArrayLength());
    }

    // Issue 19, item 1: what curl, the dashboard and Swagger UI send keeps working.
    [Fact]
    public async Task Json_bodies_bodiless_posts_the_own_origin_and_pem_to_the_signer_pass()
    {
        await using var sim = await StartAsync(withoutAppliances: true);
        var own = $"http://127.0.0.1:{sim.Simulator.ControlUrl.Port}";

        var created = await sim.Control.SendAsync(Request(HttpMethod.Post, "/appliances", "{\"Name\":\"a1\"}", "application/json; charset=utf-8", own));
        var bare = await sim.Control.SendAsync(Request(HttpMethod.Post, "/appliances"));
        var reset = await sim.Control.SendAsync(Request(HttpMethod.Post, "/reset", origin: own));
        var sameOrigin = Request(HttpMethod.Delete, "/appliances/a1");
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        var deleted = await sim.Control.SendAsync(sameOrigin);
        var signed = await sim.Control.SendAsync(Request(HttpMethod.Post, "/pki/sign?profile=good", TestPki.Csr, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bare.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
    }

    // Issue 19, item 1: DNS rebinding.
    [Fact]
    public async Task Without_a_token_a_host_header_that_names_no_host_of_the_control_plane_is_refused_400()
    {
        await using var sim = await StartAsync();
        var port = sim.Simulator.ControlUrl.Port;

        async Task<HttpResponseMessage> WithHost(string host)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/appliances");
            request.Headers.Host = host;
            return await sim.Control.SendAsync(request);
        }

        var rebound = await WithHost($"evil.example:{port}");
        var page = await sim.Control.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = "evil.example" } });

        Assert.Equal($"The Host header 'evil.example:{port}' names no host of this control plane (it answers to 127.0.0.1, localhost); "
            + "without --control-token it takes no other name.", await ErrorAsync(rebound, HttpStatusCode.BadRequest));
        await ErrorAsync(page, HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await WithHost($"127.0.0.1:{port}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithHost($"LOCALHOST:{port}")).StatusCode);
    }

    // Issue 19, item 1: with a token the control plane may sit behind any name (a Kubernetes Service, a published port).
    [Fact]
    public async Task With_a_token_any_host_header_passes_but_another_sites_origin_still_does_not()
    {
        await using var sim = await StartAsync(token: "s3cret-token");

        var named = new HttpRequestMessage(HttpMethod.Get, "/appliances") { Headers = { Host = "omesim.test.svc.cluster.local:8440" } };
        var crossSite = Request(HttpMethod.Post, "/reset", origin: "http://evil.example");

        Assert.Equal(HttpStatusCode.OK, (await sim.Control.SendAsync(named)).StatusCode);
        await ErrorAsync(await sim.Control.SendAsync(crossSite), HttpStatusCode.Forbidden);
    }

    // Issue 19, item 2.
    [Theory]
    [InlineData("x\n", "Name 'x\n' is not a name: 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit.")]
    [InlineData("test-ca\n", "Name 'test-ca\n' is not a name: 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit.")]
    public async Task A_name_ending_in_a_newline_is_refused_400_and_nothing_is_created(string name, string error)
    {
        var data = Directory.CreateTempSubdirectory("omesim-newline-");
        try
        {
            await using var sim = await StartAsync(data.FullName, withoutAppliances: true);

            var refused = await sim.PostJsonAsync("/appliances", JsonSerializer.Serialize(new { Name = name }));

            Assert.Equal(error, await ErrorAsync(refused, HttpStatusCode.BadRequest));
            Assert.Empty(await NamesAsync(sim));
            Assert.DoesNotContain(data.GetDirectories(), d => d.Name != "test-ca");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    // Issue 19, item 4.
    [Theory]
    [InlineData("""{"OffsetSeconds":1e18}""", "The offset 1E+18 s moves the clock out of the years 0002 to 9998, the range it can run in.")]
    [InlineData("""{"OffsetSeconds":-1e18}""", "The offset -1E+18 s moves the clock out of the years 0002 to 9998, the range it can run in.")]
    [InlineData("""{"Now":"9999-12-31T23:59:59Z"}""", "The time 9999-12-31T23:59:59Z is out of the years 0002 to 9998, the range it can run in.")]
    [InlineData("""{"OffsetSeconds":"abc"}""", "The body is not a clock setting: OffsetSeconds: expected a number (not a string).")]
    [InlineData("""{"Now":"tomorrow"}""", "The body is not a clock setting: Now: expected a date and time such as \"2030-01-01T00:00:00Z\".")]
    [InlineData("""{"Frozen":1}""", "The body is not a clock setting: Frozen: expected true or false.")]
    [InlineData("""{"OffsetSeconds":""", "The body is not a clock setting: The body is not valid JSON (line 1, byte 18).")]
    public async Task A_clock_setting_out_of_range_or_of_the_wrong_type_is_refused_400_in_plain_words(string body, string error)
    {
        await using var sim = await StartAsync();

        var refused = await sim.PutJsonAsync("/appliances/target/clock", body);
        var clock = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/target/clock"));

        Assert.Equal(error, await ErrorAsync(refused, HttpStatusCode.BadRequest));
        Assert.Equal(0, clock.GetProperty("OffsetSeconds").GetDouble());
        Assert.False(clock.GetProperty("Frozen").GetBoolean());
    }

    // Issue 19, items 4 and 13.
    [Theory]
    [InlineData("""{"Address":"192.0.2.1"}""",
        "Appliance ome-1 cannot listen on https://192.0.2.1:0/: 192.0.2.1 is not an address of this machine that it can bind (AddressNotAvailable).")]
    [InlineData("""{"Address":"::ffff:127.0.0.1"}""", "Address '::ffff:127.0.0.1' is an IPv4 address written as IPv6; write it as 127.0.0.1.")]
    [InlineData("""{"Version":"04.00.01"}""",
        "Version '04.00.01' is not a plain a.b.c version such as 4.0.1 (numbers without leading zeros, as OME writes them).")]
    [InlineData("""{"Port":"8444"}""", "The body is not an appliance: Port: expected a whole number (not a string).")]
    [InlineData("""{"Port":80}""",
        "Port 80 is below 1024, a privileged port; ask for it with \"PrivilegedPort\":true, or take a port of 1024 or more (0: a free one).")]
    [InlineData("""{"Port":1e10}""", "The body is not an appliance: Port: expected a whole number (not a string).")]
    public async Task A_bad_address_version_or_port_is_refused_400_and_leaves_no_folder(string body, string error)
    {
        var data = Directory.CreateTempSubdirectory("omesim-bad-part-");
        try
        {
            await using var sim = await StartAsync(data.FullName, withoutAppliances: true);

            var refused = await sim.PostJsonAsync("/appliances", body);

            Assert.Equal(error, await ErrorAsync(refused, HttpStatusCode.BadRequest));
            Assert.Empty(await NamesAsync(sim));
            Assert.DoesNotContain(data.GetDirectories(), d => d.Name != "test-ca");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    // Issue 19, item 4: the same 1 MiB limit as /pki/sign and /check, with or without Content-Length.
    [Theory]
    [InlineData("POST", "/appliances", true)]
    [InlineData("POST", "/appliances", false)]
    [InlineData("POST", "/appliances/target/faults", true)]
    [InlineData("POST", "/appliances/target/faults", false)]
    [InlineData("PUT", "/appliances/target/clock", true)]
    [InlineData("PUT", "/appliances/target/clock", false)]
    [InlineData("POST", "/check", false)]
    [InlineData("POST", "/reset", true)]
    public async Task A_body_over_one_mebibyte_is_refused_413_on_every_control_route(string method, string path, bool withLength)
    {
        await using var sim = await StartAsync();
        var before = await ThumbprintAsync(sim);
        var json = Encoding.UTF8.GetBytes("{\"Name\":\"" + new string('a', 1024 * 1024) + "\"}");
        HttpContent content = withLength ? new ByteArrayContent(json) : new StreamContent(new MemoryStream(json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        // As curl sends a large body: it waits for 100 Continue, so a refusal before the body is read reaches it.
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content, Headers = { ExpectContinue = true } };
        if (!withLength)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        var refused = await sim.Control.SendAsync(request);

        Assert.Equal("The body is larger than 1048576 bytes (1 MiB), the most a control call takes.",
            await ErrorAsync(refused, HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(before, await ThumbprintAsync(sim));
        Assert.Equal(["source", "target"], await NamesAsync(sim));
    }

    // Issue 19, item 4: MinRequestBodyDataRate, on a raw socket that sends one byte of a 40-byte body and waits.
    [Fact]
    public async Task A_body_that_comes_too_slowly_is_answered_408_with_a_json_error()
    {
        await using var sim = await StartAsync(withoutAppliances: true);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, sim.Simulator.ControlUrl.Port);
        var stream = client.GetStream();
        var head = $"POST /appliances HTTP/1.1\r\nHost: 127.0.0.1:{sim.Simulator.ControlUrl.Port}\r\nContent-Type: application/json\r\n"
            + "Content-Length: 40\r\n\r\n{";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        using var timeout = new CancellationTokenSource(Bound);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync(timeout.Token);

        Assert.StartsWith("HTTP/1.1 408 ", answer);
        Assert.Contains("""{"Error":"The body came too slowly (under 240 bytes a second); send it at once."}""", answer, StringComparison.Ordinal);
        Assert.Empty(await NamesAsync(sim));
    }

    // Issue 19, item 5.
    [Theory]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("maybe")]
    [InlineData("")]
    public async Task Delete_with_a_keep_that_is_not_a_boolean_is_refused_400_and_deletes_nothing(string keep)
    {
        var data = Directory.CreateTempSubdirectory("omesim-keep-");
        try
        {
            await using var sim = await StartAsync(data.FullName, withoutAppliances: true);
            await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", """{"Name":"kept"}"""), HttpStatusCode.Created);

            var refused = await sim.Control.DeleteAsync($"/appliances/kept?keep={keep}");

            Assert.Equal($"keep is true or false, not '{keep}'; nothing was deleted.", await ErrorAsync(refused, HttpStatusCode.BadRequest));
            Assert.Equal(["kept"], await NamesAsync(sim));
            Assert.True(Directory.Exists(Path.Combine(data.FullName, "kept", "state")));
            Assert.Equal(HttpStatusCode.NoContent, (await sim.Control.DeleteAsync("/appliances/kept?keep=True")).StatusCode);
            Assert.True(Directory.Exists(Path.Combine(data.FullName, "kept", "state")));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    // Issue 19, item 13.
    [Theory]
    [InlineData("<b>GET</b>")]
    [InlineData("GETT")]
    [InlineData("")]
    public async Task A_fault_rule_whose_method_is_not_an_http_method_is_refused_400(string method)
    {
        await using var sim = await StartAsync();

        var refused = await sim.PostJsonAsync("/appliances/target/faults", JsonSerializer.Serialize(new { Method = method, Path = "/api/*", Status = 500 }));
        var accepted = await sim.PostJsonAsync("/appliances/target/faults", """{"Method":"patch","Path":"/api/*","Status":500}""");

        Assert.Equal($"Method '{method}' is not an HTTP method: one of DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE, or * (or null) for any.",
            await ErrorAsync(refused, HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(1, (await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/target/faults"))).GetArrayLength());
    }

    // Issue 21 A.6: one 404 for an unknown appliance, on every route that names one.
    [Theory]
    [InlineData("GET", "/appliances/nosuch")]
    [InlineData("DELETE", "/appliances/nosuch?keep=true")]
    [InlineData("POST", "/appliances/nosuch/reset")]
    [InlineData("GET", "/appliances/nosuch/clock")]
    [InlineData("PUT", "/appliances/nosuch/clock")]
    [InlineData("GET", "/appliances/nosuch/faults")]
    [InlineData("POST", "/appliances/nosuch/faults")]
    [InlineData("DELETE", "/appliances/nosuch/faults")]
    [InlineData("GET", "/appliances/nosuch/faults/1")]
    [InlineData("DELETE", "/appliances/nosuch/faults/1")]
    [InlineData("GET", "/appliances/nosuch/journal")]
    [InlineData("DELETE", "/appliances/nosuch/journal")]
    [InlineData("GET", "/appliances/nosuch/journal.har")]
    [InlineData("GET", "/appliances/nosuch/logs")]
    [InlineData("POST", "/appliances/nosuch/provision?profile=good")]
    public async Task Every_route_that_names_an_appliance_answers_an_unknown_name_with_one_404(string method, string path)
    {
        await using var sim = await StartAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" && !path.EndsWith("reset", StringComparison.Ordinal) && !path.Contains("provision", StringComparison.Ordinal))
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        var answer = await sim.Control.SendAsync(request);

        Assert.Equal("No appliance named 'nosuch'.", await ErrorAsync(answer, HttpStatusCode.NotFound));
        var known = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("Known");
        Assert.Equal(["source", "target"], known.EnumerateArray().Select(k => k.GetString()!));
    }
}
