using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OmeSim.Tests.Robustness;

namespace OmeSim.Tests.Cli;

/// <summary>
/// What a Kubernetes pod needs of <c>serve</c>, as a real child process on real sockets: probes without the token, an
/// advertised host (a Service's name, a published port), appliance ports from a declared range, a clean SIGTERM.
/// </summary>
public class KubernetesReadyServeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Token = "k8s-test-token";

    [Fact]
    public async Task Health_answers_without_the_control_token_with_the_status_alone_and_everything_else_needs_it()
    {
        var control = FreePort();
        await using var serve = ServeProcess.Launch([
            "--appliance", "solo=https://127.0.0.1:0", "--control", $"http://127.0.0.1:{control}", "--control-token", Token, "--in-memory",
        ]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{control}"), Timeout = TimeSpan.FromSeconds(10) };
        var ready = await PollAsync(serve, async () => await http.GetAsync("/health/ready") is { StatusCode: HttpStatusCode.OK } r ? r : null);

        var live = await http.GetAsync("/health/live");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/health/ready") { Headers = { Authorization = new("Bearer", "not-the-token") } };
        var readyWithWrongToken = await http.SendAsync(wrong);
        var appliances = await http.GetAsync("/appliances");
        var rootKey = await http.GetAsync("/pki/root.pem");
        var postReady = await http.PostAsync("/health/ready", null);

        Assert.Equal("""{"Status":"Ready"}""", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("""{"Status":"Live"}""", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, readyWithWrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, appliances.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rootKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, postReady.StatusCode);
        Assert.DoesNotContain("solo", await appliances.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Advertise_with_a_port_shows_the_published_url_in_the_control_plane_ready_file_and_banner_while_serving_the_real_port()
    {
        var folder = Directory.CreateTempSubdirectory("omesim-advertise-");
        var readyFile = Path.Combine(folder.FullName, "r.json");
        var port = FreePort();
        try
        {
            await using var serve = ServeProcess.Launch([
                "--appliance", $"target=https://127.0.0.1:{port}", "--advertise", "localhost:19443", "--control", "http://127.0.0.1:0",
                "--ready-file", readyFile, "--in-memory",
            ]);
            var ready = await PollAsync(serve, () => Task.FromResult(File.Exists(readyFile) ? JsonDocument.Parse(File.ReadAllText(readyFile)) : null));
            var control = new Uri(ready.RootElement.GetProperty("Control").GetString()!);
            using var http = Client();

            var summary = JsonDocument.Parse(await http.GetStringAsync(new Uri(control, "/appliances/target"))).RootElement;
            var info = await http.GetAsync($"https://127.0.0.1:{port}/api/ApplicationService/Info");

            Assert.Equal("https://localhost:19443/", ready.RootElement.GetProperty("Appliances")[0].GetProperty("Url").GetString());
            Assert.Equal("https://localhost:19443/", summary.GetProperty("Url").GetString());
            Assert.Equal("omesim-target", summary.GetProperty("HostName").GetString());
            Assert.Contains(serve.Console.Split('\n'), l => l.Contains("target   https://localhost:19443/  OME 4.0.1", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Advertise_with_a_service_name_names_the_appliances_and_is_a_host_the_control_plane_answers_to()
    {
        var control = FreePort();
        await using var serve = ServeProcess.Launch([
            "--appliance", "source=https://127.0.0.1:0", "--ome-version", "source=3.10.2", "--advertise", "omesim-source",
            "--control", $"http://127.0.0.1:{control}", "--in-memory",
        ]);
        using var http = Client();
        var controlUrl = new Uri($"http://127.0.0.1:{control}");
        await PollAsync(serve, async () => await http.GetAsync(new Uri(controlUrl, "/health/ready")) is { StatusCode: HttpStatusCode.OK } r ? r : null);

        var summary = JsonDocument.Parse(await http.GetStringAsync(new Uri(controlUrl, "/appliances/source"))).RootElement;
        using var byServiceName = new HttpRequestMessage(HttpMethod.Get, new Uri(controlUrl, "/appliances")) { Headers = { Host = "omesim-source" } };
        var asService = await http.SendAsync(byServiceName);
        using var foreign = new HttpRequestMessage(HttpMethod.Get, new Uri(controlUrl, "/appliances")) { Headers = { Host = "attacker.example" } };
        var asForeign = await http.SendAsync(foreign);
        var created = await http.PostAsync(new Uri(controlUrl, "/appliances"), Json("""{"Name":"later"}"""));
        var createdUrl = new Uri(JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("Url").GetString()!);

        var url = new Uri(summary.GetProperty("Url").GetString()!);
        Assert.Equal("omesim-source", url.Host);
        Assert.NotEqual(0, url.Port);
        Assert.Equal("omesim-source", summary.GetProperty("HostName").GetString());
        Assert.Equal("omesim-source", CommonName(summary.GetProperty("Certificate").GetProperty("Subject").GetString()!));
        Assert.Equal(HttpStatusCode.OK, asService.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, asForeign.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("omesim-source", createdUrl.Host);
        Assert.NotEqual(url.Port, createdUrl.Port);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"https://127.0.0.1:{url.Port}/api/ApplicationService/Info")).StatusCode);
    }

    [Fact]
    public async Task Appliance_ports_come_from_the_range_on_all_interfaces_skip_a_port_held_elsewhere_and_a_full_range_answers_503()
    {
        var (first, held) = FreeRangeOfThree();
        using (held)
        {
            var control = FreePort();
            await using var serve = ServeProcess.Launch([
                "--appliances", "1", "--appliance-ports", $"{first}-{first + 2}", "--advertise", "omesim-fleet",
                "--control", $"http://127.0.0.1:{control}", "--in-memory",
            ]);
            using var http = Client();
            var controlUrl = new Uri($"http://127.0.0.1:{control}");
            await PollAsync(serve, async () => await http.GetAsync(new Uri(controlUrl, "/health/ready")) is { StatusCode: HttpStatusCode.OK } r ? r : null);

            var listed = JsonDocument.Parse(await http.GetStringAsync(new Uri(controlUrl, "/appliances"))).RootElement;
            var second = await http.PostAsync(new Uri(controlUrl, "/appliances"), Json("{}"));
            var secondBody = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
            var full = await http.PostAsync(new Uri(controlUrl, "/appliances"), Json("{}"));
            var fullBody = JsonDocument.Parse(await full.Content.ReadAsStringAsync()).RootElement;
            var outside = await http.PostAsync(new Uri(controlUrl, "/appliances"), Json($$"""{"Port":{{first + 3}}}"""));
            var namesWhenFull = JsonDocument.Parse(await http.GetStringAsync(new Uri(controlUrl, "/appliances"))).RootElement;
            // Any interface: 127.0.0.2 reaches it, which a loopback-only (127.0.0.1) bind would refuse.
            var reached = await http.GetAsync($"https://127.0.0.2:{first + 2}/api/ApplicationService/Info");
            var deleted = await http.DeleteAsync(new Uri(controlUrl, $"/appliances/{secondBody.GetProperty("Name").GetString()}"));
            var again = await http.PostAsync(new Uri(controlUrl, "/appliances"), Json("""{"Name":"again"}"""));
            var againBody = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal($"https://omesim-fleet:{first}/", listed[0].GetProperty("Url").GetString());
            Assert.Equal("ome-1", listed[0].GetProperty("Name").GetString());
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
            Assert.Equal($"https://omesim-fleet:{first + 2}/", secondBody.GetProperty("Url").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.Equal(
                $"Every appliance port of {first}-{first + 2} (--appliance-ports) is taken (3 ports); delete an appliance first (DELETE "
                + "/appliances/NAME), or start serve with a wider range.",
                fullBody.GetProperty("Error").GetString());
            Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
            Assert.Contains($"Port {first + 3} is outside the appliance ports {first}-{first + 2}", await outside.Content.ReadAsStringAsync());
            Assert.Equal(2, namesWhenFull.GetArrayLength());
            Assert.Equal(HttpStatusCode.OK, reached.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.Equal($"https://omesim-fleet:{first + 2}/", againBody.GetProperty("Url").GetString());
        }
    }

    [Fact]
    public async Task Provision_signs_every_first_appliance_with_the_profile_before_ready_and_leaves_later_ones_alone()
    {
        var control = FreePort();
        await using var serve = ServeProcess.Launch([
            "--appliance", "source=https://127.0.0.1:0", "--appliance", "target=https://127.0.0.1:0", "--provision", "good",
            "--control", $"http://127.0.0.1:{control}", "--in-memory",
        ]);
        using var http = Client();
        var controlUrl = new Uri($"http://127.0.0.1:{control}");
        await PollAsync(serve, async () => await http.GetAsync(new Uri(controlUrl, "/health/ready")) is { StatusCode: HttpStatusCode.OK } r ? r : null);

        var listed = JsonDocument.Parse(await http.GetStringAsync(new Uri(controlUrl, "/appliances"))).RootElement;
        var later = await http.PostAsync(new Uri(controlUrl, "/appliances"), Json("{}"));
        var laterBody = JsonDocument.Parse(await later.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(2, listed.GetArrayLength());
        Assert.All(listed.EnumerateArray(), a =>
        {
            Assert.False(a.GetProperty("Certificate").GetProperty("SelfSigned").GetBoolean());
            Assert.Contains("CN=Inter-CA1", a.GetProperty("Certificate").GetProperty("Issuer").GetString(), StringComparison.Ordinal);
        });
        Assert.True(laterBody.GetProperty("Certificate").GetProperty("SelfSigned").GetBoolean());
    }

    [Theory]
    [InlineData(new[] { "--appliance-ports", "10499-10443" }, "--appliance-ports expects FIRST-LAST")]
    [InlineData(new[] { "--appliance-ports", "80-90" }, "--appliance-ports expects FIRST-LAST")]
    [InlineData(new[] { "--appliances", "3", "--appliance-ports", "10443-10444" }, "--appliances 3 needs as many ports")]
    [InlineData(new[] { "--advertise", "localhost:9443" }, "--advertise HOST:PORT gives one appliance's port, and 2 appliances start")]
    [InlineData(new[] { "--advertise", "https://omesim-source" }, "--advertise expects HOST or HOST:PORT")]
    [InlineData(new[] { "--advertise", "omesim-source:0" }, "--advertise expects HOST or HOST:PORT")]
    [InlineData(new[] { "--provision", "excellent" }, "--provision: Unknown profile 'excellent'. Known: good,")]
    public async Task A_bad_range_or_advertised_host_is_refused_in_one_line(string[] args, string words)
    {
        await using var serve = ServeProcess.Launch([.. args, "--control", "http://127.0.0.1:0", "--in-memory"]);
        var code = await serve.ExitCodeAsync(Patience);

        var lines = serve.Console.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, code);
        Assert.Single(lines);
        Assert.StartsWith(words, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_stops_serve_with_exit_0_within_seconds_closing_its_ports_and_removing_the_ready_file()
    {
        var folder = Directory.CreateTempSubdirectory("omesim-sigterm-");
        var readyFile = Path.Combine(folder.FullName, "r.json");
        var port = FreePort();
        try
        {
            await using var serve = ServeProcess.Launch([
                "--appliance", $"solo=https://127.0.0.1:{port}", "--control", "http://127.0.0.1:0", "--ready-file", readyFile,
                "--data", Path.Combine(folder.FullName, "data"),
            ]);
            await PollAsync(serve, () => Task.FromResult(File.Exists(readyFile) ? "" : null));
            using var http = Client();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"https://127.0.0.1:{port}/api/ApplicationService/Info")).StatusCode);

            var watch = Stopwatch.StartNew();
            var code = await serve.TerminateAsync(TimeSpan.FromSeconds(20));
            var took = watch.Elapsed;

            Assert.True(code == 0, $"serve did not exit 0 within 20 s of SIGTERM (exit {code?.ToString() ?? "none"}):\n{serve.Console}");
            Assert.True(took < TimeSpan.FromSeconds(20));
            Assert.False(File.Exists(readyFile));
            using var probe = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string CommonName(string subject) =>
        subject.Split(',', StringSplitOptions.TrimEntries).First(p => p.StartsWith("CN=", StringComparison.Ordinal))[3..];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpClient Client()
    {
        var client = new HttpClient(TestClients.Handler()) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:OmeSim#2026!")));
        return client;
    }

    /// <summary>Polls <paramref name="attempt"/> every 50 ms for at most <see cref="Patience"/>, serve running.</summary>
    private static async Task<T> PollAsync<T>(ServeProcess serve, Func<Task<T?>> attempt)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(serve.HasExited, $"serve exited:\n{serve.Console}");
            try
            {
                if (await attempt() is { } result)
                {
                    return result;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
            {
            }
            Assert.True(watch.Elapsed < Patience, $"not as expected within {Patience}:\n{serve.Console}");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Three consecutive free ports, the middle one held by this test on all interfaces (another process, as serve sees it).</summary>
    private static (int First, TcpListener Held) FreeRangeOfThree()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Random.Shared.Next(20000, 40000);
            var listeners = new List<TcpListener>();
            try
            {
                for (var p = first; p < first + 4; p++)
                {
                    var listener = new TcpListener(IPAddress.IPv6Any, p);
                    listener.Server.DualMode = true;
                    listener.Start();
                    listeners.Add(listener);
                }
                listeners.Where((_, i) => i != 1).ToList().ForEach(l => l.Stop());
                return (first, listeners[1]);
            }
            catch (SocketException)
            {
                listeners.ForEach(l => l.Stop());
            }
        }
        throw new InvalidOperationException("no four consecutive free ports found in 50 tries");
    }
}
