using System.Net;
using OmeSim.Hosting;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Control;

public class HealthAndAppliancesTests
{
    [Fact]
    public async Task Ready_answers_503_with_the_reason_until_every_appliance_listens_then_200()
    {
        var solo = new ApplianceOptions { Name = "solo", Url = new Uri("https://127.0.0.2:0"), Version = Defaults.TargetVersion };
        await using var control = await new TestHosts().StartControlAsync(solo.Name);
        var client = control.ControlClient();

        var live = await OmeAssert.JsonAsync(await client.GetAsync("/health/live"));
        var before = await OmeAssert.JsonAsync(await client.GetAsync("/health/ready"), HttpStatusCode.ServiceUnavailable);
        await control.Fleet.StartAsync(solo);
        var after = await OmeAssert.JsonAsync(await client.GetAsync("/health/ready"));

        Assert.Equal("Live", live.GetProperty("Status").GetString());
        Assert.Equal("NotReady", before.GetProperty("Status").GetString());
        Assert.Contains("solo", before.GetProperty("Reason").GetString());
        Assert.Equal("Ready", after.GetProperty("Status").GetString());
    }

    [Fact]
    public async Task With_a_control_token_ready_answers_a_caller_without_it_the_status_alone_and_the_reason_to_one_with_it()
    {
        await using var control = await new TestHosts { ControlToken = "t0ken" }.StartControlAsync("solo");
        var client = control.ControlClient();
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/health/ready") { Headers = { Authorization = new("Bearer", "t0ken") } };

        var anonymous = await client.GetAsync("/health/ready");
        var authorized = await OmeAssert.JsonAsync(await client.SendAsync(withToken), HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, anonymous.StatusCode);
        Assert.Equal("""{"Status":"NotReady"}""", await anonymous.Content.ReadAsStringAsync());
        Assert.Contains("solo", authorized.GetProperty("Reason").GetString());
    }

    [Fact]
    public async Task Appliances_lists_each_appliance_with_its_factory_certificate_roots_sessions_and_clock()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        var list = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances"));

        Assert.Equal(["source", "target"], list.EnumerateArray().Select(a => a.GetProperty("Name").GetString()));
        var source = list[0];
        Assert.Equal(Defaults.SourceVersion, source.GetProperty("Version").GetString());
        Assert.Equal("omesim-source", source.GetProperty("HostName").GetString());
        var certificate = source.GetProperty("Certificate");
        Assert.Equal(sim.Source.Appliance.Served.Leaf.Thumbprint, certificate.GetProperty("Thumbprint").GetString());
        Assert.Equal("O=Dell Inc., CN=omesim-source", certificate.GetProperty("Subject").GetString());
        Assert.Equal(certificate.GetProperty("Subject").GetString(), certificate.GetProperty("Issuer").GetString());
        // Each appliance has its own default host name, so that the two leaves never share a CN.
        Assert.Equal("omesim-target", list[1].GetProperty("HostName").GetString());
        Assert.Equal("O=Dell Inc., CN=omesim-target", list[1].GetProperty("Certificate").GetProperty("Subject").GetString());
        Assert.True(certificate.GetProperty("SelfSigned").GetBoolean());
        Assert.Equal(1, certificate.GetProperty("ChainLength").GetInt32());
        Assert.True(certificate.GetProperty("NotAfter").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.False(source.GetProperty("CsrKeyPending").GetBoolean());
        Assert.Equal(0, source.GetProperty("TrustedRoots").GetArrayLength());
        Assert.Equal(0, source.GetProperty("SessionCount").GetInt32());
        Assert.False(source.GetProperty("Clock").GetProperty("Frozen").GetBoolean());
        Assert.Equal(0, source.GetProperty("Clock").GetProperty("OffsetSeconds").GetDouble(), 1);
    }

    [Fact]
    public async Task One_appliance_shows_its_pending_csr_key_and_sessions_and_an_unknown_name_answers_404()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var client = sim.ApplianceClient(sim.Target);
        await TestSimulator.SendAsync(
            client, HttpMethod.Post, "/api/ApplicationService/Actions/ApplicationService.GenerateCSR", """{"DistinguishedName":"target.example.com"}""");
        await TestSimulator.SendAsync(
            client, HttpMethod.Post, "/api/SessionService/Sessions", """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"API"}""",
            authenticate: false);

        var target = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/target"));
        var missing = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/nope"), HttpStatusCode.NotFound);

        Assert.True(target.GetProperty("CsrKeyPending").GetBoolean());
        Assert.Equal(1, target.GetProperty("SessionCount").GetInt32());
        Assert.Contains("nope", missing.GetProperty("Error").GetString());
        Assert.Equal(["source", "target"], missing.GetProperty("Known").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Reset_restores_a_new_factory_certificate_and_clears_csr_key_chain_sessions_clock_faults_journal_and_log()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var factory = sim.Target.Appliance.Served.Leaf.Thumbprint;
        var client = sim.ApplianceClient(sim.Target);
        Assert.Equal(HttpStatusCode.OK, (await sim.Control.PostAsync("/appliances/target/provision?profile=good", null)).StatusCode);
        await TestSimulator.SendAsync(
            client, HttpMethod.Post, "/api/ApplicationService/Actions/ApplicationService.GenerateCSR", """{"DistinguishedName":"target.example.com"}""");
        await TestSimulator.SendAsync(
            client, HttpMethod.Post, "/api/SessionService/Sessions", """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"API"}""",
            authenticate: false);
        await sim.PutJsonAsync("/appliances/target/clock", """{"OffsetSeconds":86400,"Frozen":true}""");
        await sim.PostJsonAsync("/appliances/target/faults", """{"Method":"GET","Path":"/api/ApplicationService/Info","Status":503}""");
        sim.Target.Log.Error("SSLController", "before reset");
        var provisioned = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/target"));
        Assert.Equal(1, provisioned.GetProperty("TrustedRoots").GetArrayLength());

        var reset = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/appliances/target/reset", null));

        var certificate = reset.GetProperty("Certificate");
        Assert.True(certificate.GetProperty("SelfSigned").GetBoolean());
        Assert.NotEqual(factory, certificate.GetProperty("Thumbprint").GetString());
        Assert.NotEqual(provisioned.GetProperty("Certificate").GetProperty("Thumbprint").GetString(), certificate.GetProperty("Thumbprint").GetString());
        Assert.Equal(sim.Target.Appliance.Served.Leaf.Thumbprint, certificate.GetProperty("Thumbprint").GetString());
        Assert.False(reset.GetProperty("CsrKeyPending").GetBoolean());
        Assert.Equal(0, reset.GetProperty("TrustedRoots").GetArrayLength());
        Assert.Equal(0, reset.GetProperty("SessionCount").GetInt32());
        Assert.False(reset.GetProperty("Clock").GetProperty("Frozen").GetBoolean());
        Assert.Equal(0, reset.GetProperty("Clock").GetProperty("OffsetSeconds").GetDouble(), 1);
        Assert.Empty(sim.Target.Faults.List());
        Assert.Empty(sim.Target.Journal.Entries());
        Assert.Empty(sim.Target.Log.Lines());
        Assert.Equal(HttpStatusCode.OK, (await TestSimulator.SendAsync(client, HttpMethod.Get, "/api/ApplicationService/Info")).StatusCode);
    }

    [Trait("Speed", "Slow")]
    [Fact]
    public async Task Reset_of_all_puts_every_appliance_back_and_keeps_the_test_ca()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var root = await sim.Control.GetStringAsync("/pki/root.pem");
        await sim.Control.PostAsync("/appliances/source/provision?profile=good", null);
        await sim.Control.PostAsync("/appliances/target/provision?profile=good", null);

        var reset = await OmeAssert.JsonAsync(await sim.Control.PostAsync("/reset", null));

        Assert.Equal(2, reset.GetArrayLength());
        Assert.All(reset.EnumerateArray(), a => Assert.True(a.GetProperty("Certificate").GetProperty("SelfSigned").GetBoolean()));
        Assert.Equal(root, await sim.Control.GetStringAsync("/pki/root.pem"));
    }
}
