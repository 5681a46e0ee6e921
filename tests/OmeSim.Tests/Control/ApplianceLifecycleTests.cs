using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OmeSim.Harness;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Control;

/// <summary>POST and DELETE /appliances on a real control plane, with the appliances on real Kestrel TLS sockets.</summary>
public class ApplianceLifecycleTests
{
    private const string Info = "/api/ApplicationService/Info";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The host's real clock, which also tells when a timer of <paramref name="due"/> starts (a fault's delay).</summary>
    private sealed class DelayWatchingClock(TimeSpan due) : TimeProvider
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task DelayStarted => _started.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = System.CreateTimer(callback, state, dueTime, period);
            if (dueTime == due)
            {
                _started.TrySetResult();
            }
            return timer;
        }
    }

    [Fact]
    public async Task Post_with_an_empty_body_creates_ome_1_on_a_free_loopback_port_that_answers_over_tls_as_get_describes_it()
    {
        await using var sim = await new TestHosts { RealTls = true, WithoutAppliances = true }.StartSimulatorAsync();

        var created = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/appliances", null), HttpStatusCode.Created);
        var url = new Uri(created.GetProperty("Url").GetString()!);
        var described = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/ome-1"));
        using var client = sim.ApplianceClient("ome-1");
        var info = await OmeAssert.JsonAsync(await TestSimulator.SendAsync(client, HttpMethod.Get, Info));

        Assert.Equal("ome-1", created.GetProperty("Name").GetString());
        Assert.Equal("4.0.1", created.GetProperty("Version").GetString());
        Assert.Equal("127.0.0.1", url.Host);
        Assert.NotEqual(0, url.Port);
        Assert.True(created.GetProperty("Certificate").GetProperty("SelfSigned").GetBoolean());
        Assert.Equal(created.GetProperty("Url").GetString(), described.GetProperty("Url").GetString());
        Assert.Equal(
            created.GetProperty("Certificate").GetProperty("Thumbprint").GetString(),
            described.GetProperty("Certificate").GetProperty("Thumbprint").GetString());
        Assert.Equal("4.0.1", info.GetProperty("Version").GetString());
        var listed = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances"));
        Assert.Equal<string>(["ome-1"], listed.EnumerateArray().Select(a => a.GetProperty("Name").GetString()!).ToArray());
    }

    [Fact]
    public async Task Post_takes_the_name_version_address_and_port_it_is_given_and_the_next_free_name_after()
    {
        await using var sim = await new TestHosts { RealTls = true, WithoutAppliances = true }.StartSimulatorAsync();
        var port = FreePort();

        var named = await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances",
            $$"""{"Name":"old-one","Version":"3.10.2","Address":"127.0.0.4","Port":{{port}}}"""), HttpStatusCode.Created);
        var first = await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", "{}"), HttpStatusCode.Created);
        var second = await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", "{}"), HttpStatusCode.Created);
        using var client = sim.ApplianceClient("old-one");
        var info = await OmeAssert.JsonAsync(await TestSimulator.SendAsync(client, HttpMethod.Get, Info));

        Assert.Equal($"https://127.0.0.4:{port}/", named.GetProperty("Url").GetString());
        Assert.Equal("3.10.2", info.GetProperty("Version").GetString());
        Assert.Equal("ome-1", first.GetProperty("Name").GetString());
        Assert.Equal("ome-2", second.GetProperty("Name").GetString());
    }

    [Theory]
    [InlineData("""{"Name":"dup"}""", 409, "An appliance named 'dup' exists already.")]
    [InlineData("""{"Version":"4.x"}""", 400, "Version '4.x' is not a plain a.b.c version such as 4.0.1 (numbers without leading zeros, as OME writes them).")]
    [InlineData("""{"Address":"ome.example.com"}""", 400, "Address 'ome.example.com' is not an IP address (or localhost).")]
    [InlineData("""{"Name":"../etc"}""", 400, "Name '../etc' is not a name: 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit.")]
    [InlineData("""{"Name":"test-ca"}""", 400, "The name 'test-ca' is reserved.")]
    [InlineData("""{"Port":70000}""", 400, "Port 70000 is not a port: 0 (a free one) to 65535.")]
    public async Task Post_refuses_a_taken_name_409_and_a_bad_part_400_in_the_control_planes_error_shape(string body, int status, string error)
    {
        await using var sim = await new TestHosts { RealTls = true, WithoutAppliances = true }.StartSimulatorAsync();
        await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", """{"Name":"dup"}"""), HttpStatusCode.Created);

        var refused = await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", body), (HttpStatusCode)status);
        var listed = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances"));

        Assert.Equal(error, refused.GetProperty("Error").GetString());
        Assert.Equal<string>(["dup"], listed.EnumerateArray().Select(a => a.GetProperty("Name").GetString()!).ToArray());
    }

    [Fact]
    public async Task Post_on_a_port_in_use_answers_409_and_leaves_the_name_free()
    {
        await using var sim = await new TestHosts { RealTls = true, WithoutAppliances = true }.StartSimulatorAsync();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var refused = await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", $$"""{"Name":"a1","Port":{{port}}}"""), HttpStatusCode.Conflict);
        var again = await sim.PostJsonAsync("/appliances", """{"Name":"a1"}""");

        Assert.StartsWith($"Appliance a1 cannot listen on https://127.0.0.1:{port}/", refused.GetProperty("Error").GetString());
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Delete_answers_204_once_the_port_is_closed_and_removes_the_data_folder_then_404()
    {
        var data = Directory.CreateTempSubdirectory("omesim-fleet-");
        try
        {
            await using var sim = await new TestHosts { RealTls = true, WithoutAppliances = true, DataDirectory = data.FullName }.StartSimulatorAsync();
            var created = await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", """{"Name":"gone"}"""), HttpStatusCode.Created);
            var url = new Uri(created.GetProperty("Url").GetString()!);
            Assert.True(Directory.Exists(Path.Combine(data.FullName, "gone")));

            var deleted = await sim.Control.DeleteAsync("/appliances/gone");

            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            var refused = await Assert.ThrowsAsync<SocketException>(() => Connect(url));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
            Assert.False(Directory.Exists(Path.Combine(data.FullName, "gone")));
            var unknown = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/gone"), HttpStatusCode.NotFound);
            Assert.Equal("No appliance named 'gone'.", unknown.GetProperty("Error").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await sim.Control.DeleteAsync("/appliances/gone")).StatusCode);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Delete_with_keep_leaves_the_data_folder_and_a_new_appliance_of_that_name_serves_the_kept_state()
    {
        var data = Directory.CreateTempSubdirectory("omesim-fleet-");
        try
        {
            await using var sim = await new TestHosts { RealTls = true, WithoutAppliances = true, DataDirectory = data.FullName }.StartSimulatorAsync();
            await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", """{"Name":"kept"}"""), HttpStatusCode.Created);
            var provisioned = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/appliances/kept/provision?profile=good", null));

            Assert.Equal(HttpStatusCode.NoContent, (await sim.Control.DeleteAsync("/appliances/kept?keep=true")).StatusCode);
            Assert.True(Directory.Exists(Path.Combine(data.FullName, "kept")));
            var again = await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", """{"Name":"kept"}"""), HttpStatusCode.Created);

            Assert.Equal(provisioned.GetProperty("Thumbprint").GetString(), again.GetProperty("Certificate").GetProperty("Thumbprint").GetString());
            Assert.False(again.GetProperty("Certificate").GetProperty("SelfSigned").GetBoolean());
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Delete_cuts_a_request_still_in_flight_after_the_stop_grace_and_answers_204()
    {
        // The request would wait two minutes in its fault's delay; the grace is one second.
        var faultDelay = TimeSpan.FromMinutes(2);
        var hostTime = new DelayWatchingClock(faultDelay);
        await using var sim = await new TestHosts
        {
            RealTls = true, WithoutAppliances = true, HostTime = hostTime, Customize = o => o with { StopGrace = TimeSpan.FromSeconds(1) },
        }.StartSimulatorAsync();
        var created = await sim.PostJsonAsync("/appliances", """{"Name":"slow"}""");
        await OmeAssert.JsonAsync(created, HttpStatusCode.Created);
        var slow = sim.Simulator.Find("slow")!;
        slow.Faults.Add(new FaultRuleSpec { Path = Info, DelayMs = (int)faultDelay.TotalMilliseconds });
        using var client = sim.ApplianceClient(slow);
        var inFlight = TestSimulator.SendAsync(client, HttpMethod.Get, Info);
        await hostTime.DelayStarted.WaitAsync(Patience);
        Assert.Equal(1, slow.Faults.List()[0].Hits);

        // Bounded well above the grace, for a loaded machine: a DELETE that waited for the request fails here.
        var deleted = await sim.Control.DeleteAsync("/appliances/slow").WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => inFlight);
    }

    [Fact]
    public async Task Traffic_on_one_appliance_sees_zero_failures_while_others_are_created_and_deleted_beside_it()
    {
        await using var sim = await new TestHosts { RealTls = true, WithoutAppliances = true }.StartSimulatorAsync();
        await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances", """{"Name":"steady"}"""), HttpStatusCode.Created);
        using var client = sim.ApplianceClient("steady");
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var answered = 0;
        var traffic = Task.Run(async () =>
        {
            // Bounded: until the churn ends, and never more than 20000 requests.
            for (var i = 0; i < 20_000 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var response = await TestSimulator.SendAsync(client, HttpMethod.Get, Info);
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK || JsonDocument.Parse(body).RootElement.GetProperty("Version").GetString() != "4.0.1")
                    {
                        lock (failures)
                        {
                            failures.Add($"{(int)response.StatusCode} {body}");
                        }
                    }
                    Interlocked.Increment(ref answered);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
                {
                    lock (failures)
                    {
                        failures.Add(e.Message);
                    }
                }
            }
        });

        var churned = 0;
        for (var round = 0; round < 3; round++)
        {
            var names = Enumerable.Range(1, 4).Select(i => $"churn-{round}-{i}").ToList();
            var created = await Task.WhenAll(names.Select(n => sim.PostJsonAsync("/appliances", $$"""{"Name":"{{n}}"}""")));
            Assert.All(created, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            var deleted = await Task.WhenAll(names.Select(n => sim.Control.DeleteAsync($"/appliances/{n}")));
            Assert.All(deleted, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
            churned += names.Count;
        }
        await stop.CancelAsync();
        await traffic;

        Assert.Equal(12, churned);
        Assert.True(answered > 0);
        Assert.Empty(failures);
        var listed = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances"));
        Assert.Equal<string>(["steady"], listed.EnumerateArray().Select(a => a.GetProperty("Name").GetString()!).ToArray());
    }

    private static async Task Connect(Uri url)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Parse(url.Host), url.Port);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
