using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OmeSim.Core.Pki;
using OmeSim.Harness;
using OmeSim.Hosting;
using OmeSim.OmeApi.Migration;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Migration;

/// <summary>Migration connection validation between two appliances over real mutual TLS on 127.0.0.2 and 127.0.0.3.</summary>
public class MigrationValidationTests
{
    private const string Unable = "Unable to mutually authenticate and connect to the remote appliance.";

    // Real time a step on the fake host clock may take: code that waited on the real clock fails instead of passing late.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Chains_from_one_ca_validate_with_200_and_what_each_side_saw()
    {
        await using var pair = await MigrationPair.StartAsync();
        await ProvisionOverHttpAsync(pair.Source);
        await ProvisionOverHttpAsync(pair.Target);

        var body = await OmeAssert.JsonAsync(await pair.ValidateAsync());

        var sourceLeaf = pair.Source.Appliance.Served.Leaf.Thumbprint;
        var targetLeaf = pair.Target.Appliance.Served.Leaf.Thumbprint;
        Assert.Equal("Validated", body.GetProperty("Result").GetString());
        Assert.Equal(MigrationPair.SourceAddress, body.GetProperty("SourceAddress").GetString());
        Assert.Equal(pair.SourcePort, body.GetProperty("SourcePort").GetInt32());
        var targetCheck = body.GetProperty("TargetCheck");
        Assert.Equal("Target", targetCheck.GetProperty("CheckedBy").GetString());
        Assert.Equal("target", targetCheck.GetProperty("Appliance").GetString());
        Assert.Contains("source's server certificate chain", targetCheck.GetProperty("Checked").GetString());
        Assert.True(targetCheck.GetProperty("Passed").GetBoolean());
        Assert.Equal("None", targetCheck.GetProperty("Failure").GetString());
        Assert.Equal(sourceLeaf, Thumbprints(targetCheck, "PeerChain")[0]);
        Assert.Equal(targetLeaf, Thumbprints(targetCheck, "OwnChain")[0]);
        var subjects = targetCheck.GetProperty("PeerChain").EnumerateArray().Select(e => e.GetProperty("Subject").GetString()!).ToArray();
        Assert.Contains("CN=source.example.com", subjects[0]);
        Assert.Equal(["CN=Inter-CA1", "O=OmeSim, CN=OmeSim Root CA"], subjects[1..]);
        var sourceCheck = body.GetProperty("SourceCheck");
        Assert.Equal("Source", sourceCheck.GetProperty("CheckedBy").GetString());
        Assert.Contains("target's client certificate chain", sourceCheck.GetProperty("Checked").GetString());
        Assert.True(sourceCheck.GetProperty("Passed").GetBoolean());
        Assert.Equal(targetLeaf, Thumbprints(sourceCheck, "PeerChain")[0]);
        Assert.Equal(sourceLeaf, Thumbprints(sourceCheck, "OwnChain")[0]);
        Assert.Equal(new DateTimeOffset(pair.Target.Appliance.Served.Leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            sourceCheck.GetProperty("PeerChain")[0].GetProperty("NotAfter").GetDateTimeOffset());

        Assert.Contains(pair.Target.Node.Log.Lines(),
            l => l.StartsWith("[INFO]") && l.Contains("MigrationController - validateConnection()") && l.Contains("connection validated"));
        Assert.Contains(pair.Source.Node.Log.Lines(),
            l => l.StartsWith("[INFO]") && l.Contains($"verifyPeer(): target {MigrationPair.TargetAddress}") && l.Contains(targetLeaf));
        Assert.Empty(pair.Source.Appliance.Sessions.List());
        AssertNoPassword(pair);
    }

    [Theory]
    [InlineData(TestCa.InterCa2Profile, TestCa.Good)]
    [InlineData(TestCa.Good, TestCa.InterCa2Profile)]
    public async Task Inter_ca1_against_inter_ca2_fails_with_cmig1001_in_either_direction(string sourceProfile, string targetProfile)
    {
        await using var pair = await MigrationPair.StartProvisionedAsync(sourceProfile, targetProfile);

        var response = await pair.ValidateAsync();

        var body = await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CMIG1001");
        Assert.Contains(Unable, body);
        Assert.Contains("Please check the source and target appliances has valid certificate chain uploaded which are signed by the same CA.", body);
        var line = Assert.Single(pair.Target.Node.Log.Lines(), l => l.Contains("validateConnection()"));
        Assert.StartsWith("[ERROR]", line);
        Assert.Contains("the target's check of the source's server chain failed: The chains are not issued by the same certificate authorities", line);
        Assert.Contains("level 2: subject CN=Inter-CA", line);
        Assert.Contains("credentials were not sent", line);
        Assert.DoesNotContain(pair.Source.Node.Log.Lines(), l => l.Contains("verifyPeer()"));
    }

    [Fact]
    public async Task A_source_on_its_factory_certificate_fails()
    {
        await using var pair = await MigrationPair.StartAsync();
        MigrationPair.Provision(pair.Target, TestCa.Good);

        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CMIG1001");

        Assert.Contains(pair.Target.Node.Log.Lines(), l => l.Contains("the target's check of the source's server chain failed: "));
    }

    [Fact]
    public async Task A_target_on_its_factory_certificate_fails_for_want_of_a_trusted_root()
    {
        await using var pair = await MigrationPair.StartAsync();
        MigrationPair.Provision(pair.Source, TestCa.Good);

        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CMIG1001");

        Assert.Contains(pair.Target.Node.Log.Lines(),
            l => l.Contains("the target's check of the source's server chain failed: ") && l.Contains("self-signed factory certificate"));
    }

    [Fact]
    public async Task Chains_expired_by_the_targets_clock_fail_on_the_target()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        pair.Target.Node.Clock.Set(null, TimeSpan.FromDays(400).TotalSeconds, frozen: false);

        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CMIG1001");

        Assert.Contains(pair.Target.Node.Log.Lines(),
            l => l.Contains("the target's check of the source's server chain failed: ") && l.Contains("expired"));
    }

    [Fact]
    public async Task Chains_expired_by_the_sources_clock_fail_on_the_source_and_the_target_says_so()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        pair.Source.Node.Clock.Set(null, TimeSpan.FromDays(400).TotalSeconds, frozen: false);

        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CMIG1001");

        Assert.Contains(pair.Source.Node.Log.Lines(), l => l.StartsWith("[ERROR]") && l.Contains($"verifyPeer(): target {MigrationPair.TargetAddress}")
            && l.Contains("the source's check of the target's client chain failed: ") && l.Contains("expired"));
        Assert.Contains(pair.Target.Node.Log.Lines(), l => l.Contains("the source's check of the target's client chain failed (the source answered CMIG1001"));
        Assert.Empty(pair.Source.Appliance.Sessions.List());
    }

    [Fact]
    public async Task A_wrong_source_password_answers_cgen1001_with_status_400_and_no_challenge()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();

        var response = await pair.ValidateAsync(password: "wrong-Password#1");

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN1001");
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Contains(pair.Target.Node.Log.Lines(), l => l.Contains("the source refused the credentials"));
        Assert.Empty(pair.Source.Appliance.Sessions.List());
        AssertNoPassword(pair, "wrong-Password#1");
    }

    [Fact]
    public async Task A_stopped_source_answers_cgen1008_naming_its_address_and_port()
    {
        await using var pair = await MigrationPair.StartAsync();
        MigrationPair.Provision(pair.Target, TestCa.Good);
        var port = pair.SourcePort;
        await pair.StopSourceAsync();

        var response = await pair.Target.PostJsonAsync(MigrationClient.ValidateConnectionPath, MigrationPair.Body(MigrationPair.SourceAddress, port));

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN1008", $"{MigrationPair.SourceAddress}:{port}");
        Assert.Contains(pair.Target.Node.Log.Lines(), l => l.Contains("the source cannot be reached: cannot connect (ConnectionRefused"));
    }

    [Fact]
    public async Task A_source_that_accepts_but_never_answers_gives_cgen1008_at_the_migration_timeout()
    {
        var time = new FakeHostTime();
        var timeout = TimeSpan.FromMinutes(2);
        await using var pair = await MigrationPair.StartAsync(timeout, time);
        MigrationPair.Provision(pair.Target, TestCa.Good);
        using var silent = new TcpListener(IPAddress.Parse(MigrationPair.SourceAddress), 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var response = pair.Target.PostJsonAsync(MigrationClient.ValidateConnectionPath, MigrationPair.Body(MigrationPair.SourceAddress, port));
        using var accepted = await silent.AcceptTcpClientAsync().WaitAsync(Bound);
        await time.TimerStartedAsync(timeout, Bound);
        time.Advance(timeout);

        await OmeAssert.ErrorAsync(await response.WaitAsync(Bound), HttpStatusCode.BadRequest, "CGEN1008", $"{MigrationPair.SourceAddress}:{port}");
        Assert.Contains(pair.Target.Node.Log.Lines(), l => l.Contains("no answer within the migration timeout of 120 s"));
    }

    [Fact]
    public async Task Verify_peer_without_a_client_certificate_answers_cmig1001_and_logs_why()
    {
        await using var pair = await MigrationPair.StartAsync();
        MigrationPair.Provision(pair.Source, TestCa.Good);

        var response = await pair.Source.PostJsonAsync(MigrationClient.VerifyPeerPath, "{}");

        var body = await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CMIG1001");
        var sourceCheck = JsonDocument.Parse(body).RootElement.GetProperty("SourceCheck");
        Assert.Equal("NothingPresented", sourceCheck.GetProperty("Failure").GetString());
        Assert.Empty(sourceCheck.GetProperty("PeerChain").EnumerateArray());
        Assert.Contains(pair.Source.Node.Log.Lines(), l => l.StartsWith("[ERROR]") && l.Contains("the source's check of the target's client chain failed: "));
        Assert.Empty(pair.Source.Appliance.Sessions.List());
    }

    [Fact]
    public async Task Verify_peer_checks_a_client_chain_presented_by_any_tls_client()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        var served = pair.Target.Appliance.Served;
        using var handler = TestClients.Handler(SslStreamCertificateContext.Create(served.Leaf, served.Intermediates, offline: true));
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(pair.Source.Node.Url, MigrationClient.VerifyPeerPath))
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = TestAppliance.Basic();

        var body = await OmeAssert.JsonAsync(await client.SendAsync(request));

        var check = body.GetProperty("SourceCheck");
        Assert.True(check.GetProperty("Passed").GetBoolean());
        Assert.Equal(served.Leaf.Thumbprint, Thumbprints(check, "PeerChain")[0]);
        Assert.Equal(3, check.GetProperty("PeerChain").GetArrayLength());
    }

    [Fact]
    public async Task Verify_peer_with_wrong_credentials_answers_401()
    {
        await using var pair = await MigrationPair.StartAsync();

        var response = await pair.Source.SendAsync(
            HttpMethod.Post, MigrationClient.VerifyPeerPath, new StringContent("{}"), TestAppliance.Basic(password: "nope"));

        await OmeAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "CGEN1001");
    }

    [Fact]
    public async Task Plain_clients_without_a_certificate_still_work_on_both_ports()
    {
        await using var pair = await MigrationPair.StartAsync();
        MigrationPair.Provision(pair.Source, TestCa.Good);

        var source = await OmeAssert.JsonAsync(await pair.Source.GetAsync("/api/ApplicationService/Info"));
        var target = await OmeAssert.JsonAsync(await pair.Target.GetAsync("/api/ApplicationService/Info"));

        Assert.Equal(Defaults.SourceVersion, source.GetProperty("Version").GetString());
        Assert.Equal(Defaults.TargetVersion, target.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task Validate_connection_on_a_3_10_2_appliance_answers_404_like_an_unknown_uri()
    {
        await using var pair = await MigrationPair.StartAsync();

        var response = await pair.Source.PostJsonAsync(
            MigrationClient.ValidateConnectionPath, MigrationPair.Body(MigrationPair.TargetAddress, pair.Target.Node.Url.Port));

        await OmeAssert.ErrorAsync(response, HttpStatusCode.NotFound, "CGEN1006");
        Assert.Empty(pair.Source.Node.Log.Lines());
    }

    [Fact]
    public async Task A_handshake_fault_rule_answers_instead_without_contacting_the_source_and_a_slow_one_runs_into_the_timeout()
    {
        var time = new FakeHostTime();
        var timeout = TimeSpan.FromMinutes(2);
        await using var pair = await MigrationPair.StartAsync(timeout, time);
        MigrationPair.Provision(pair.Source, TestCa.Good);
        MigrationPair.Provision(pair.Target, TestCa.Good);
        pair.Target.Node.Faults.Add(new FaultRuleSpec { Path = FaultRules.MigrationHandshake, MessageId = "CMIG1001" });

        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CMIG1001");
        Assert.Contains(pair.Target.Node.Log.Lines(), l => l.Contains("answered CMIG1001 by a fault rule of the control plane; the source was not contacted."));
        Assert.DoesNotContain(pair.Source.Node.Log.Lines(), l => l.Contains("verifyPeer()"));

        pair.Target.Node.Faults.Add(new FaultRuleSpec { Path = FaultRules.MigrationHandshake, DelayMs = (int)TimeSpan.FromMinutes(5).TotalMilliseconds });
        var slow = pair.ValidateAsync();
        await time.TimerStartedAsync(TimeSpan.FromMinutes(5), Bound);
        time.Advance(timeout);
        await OmeAssert.ErrorAsync(await slow.WaitAsync(Bound), HttpStatusCode.BadRequest, "CGEN1008", $"{MigrationPair.SourceAddress}:{pair.SourcePort}");
        Assert.Contains(pair.Target.Node.Log.Lines(), l => l.Contains("no answer within the migration timeout of 120 s"));

        pair.Target.Node.Faults.Add(new FaultRuleSpec { Path = FaultRules.MigrationHandshake, DelayMs = (int)TimeSpan.FromMinutes(1).TotalMilliseconds });
        var delayed = pair.ValidateAsync();
        await time.TimerStartedAsync(TimeSpan.FromMinutes(1), Bound);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await delayed.WaitAsync(Bound)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await pair.ValidateAsync()).StatusCode);
    }

    [Fact]
    public async Task A_control_plane_fault_rule_on_the_migration_handshake_fires_once_after_skipping_one()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        var (rule, error) = pair.Target.Node.Faults.Add(
            new FaultRuleSpec { Path = FaultRules.MigrationHandshake, MessageId = "CGEN1008", Skip = 1, Times = 1 });
        Assert.Null(error);

        Assert.Equal(HttpStatusCode.OK, (await pair.ValidateAsync()).StatusCode);
        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CGEN1008");
        Assert.Equal(HttpStatusCode.OK, (await pair.ValidateAsync()).StatusCode);

        Assert.Equal(1, pair.Target.Node.Faults.List().Single(r => r.Id == rule!.Id).Hits);
    }

    [Fact]
    public async Task A_dropping_fault_rule_on_the_migration_handshake_answers_like_a_failed_handshake()
    {
        await using var pair = await MigrationPair.StartProvisionedAsync();
        pair.Target.Node.Faults.Add(new FaultRuleSpec { Path = FaultRules.MigrationHandshake, Drop = true });

        await OmeAssert.ErrorAsync(await pair.ValidateAsync(), HttpStatusCode.BadRequest, "CMIG1001");
    }

    [Theory]
    [InlineData("""{"SourcePort":443,"SourceUserName":"admin","SourcePassword":"x"}""", "SourceAddress")]
    [InlineData("""{"SourceAddress":"not a host!","SourceUserName":"admin","SourcePassword":"x"}""", "SourceAddress")]
    [InlineData("""{"SourceAddress":"source","SourcePort":0,"SourceUserName":"admin","SourcePassword":"x"}""", "SourcePort")]
    [InlineData("""{"SourceAddress":"source","SourcePort":65536,"SourceUserName":"admin","SourcePassword":"x"}""", "SourcePort")]
    [InlineData("""{"SourceAddress":"source","SourcePort":"abc","SourceUserName":"admin","SourcePassword":"x"}""", "SourcePort")]
    [InlineData("""{"SourceAddress":"source","SourcePassword":"x"}""", "SourceUserName")]
    [InlineData("""{"SourceAddress":"source","SourceUserName":"admin"}""", "SourcePassword")]
    [InlineData("""{"SourceAddress":"source",""", "body")]
    public async Task A_bad_validate_connection_body_answers_cgen6002_naming_the_field(string json, string field)
    {
        await using var target = await new TestHosts().StartApplianceAsync();

        var response = await target.PostJsonAsync(MigrationClient.ValidateConnectionPath, json);

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN6002", field);
        Assert.Empty(target.Node.Log.Lines());
    }

    private static async Task ProvisionOverHttpAsync(TestAppliance appliance)
    {
        var csr = await OmeAssert.JsonAsync(await appliance.PostJsonAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR",
            $$"""
            {"DistinguishedName":"{{appliance.Node.Options.Name}}.example.com","DepartmentName":"IT","BusinessName":"Example",
            "Locality":"Austin","State":"TX","Country":"US","Email":"admin@example.com"}
            """.ReplaceLineEndings("")));
        var chain = MigrationPair.Ca.Sign(csr.GetProperty("CertificateData").GetString()!, TestCa.Good);
        var upload = await appliance.PostBytesAsync(
            "/api/ApplicationService/Actions/ApplicationService.UploadCertChain", Encoding.UTF8.GetBytes(chain.ToPem()));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
    }

    private static string[] Thumbprints(JsonElement check, string chain) =>
        [.. check.GetProperty(chain).EnumerateArray().Select(e => e.GetProperty("Thumbprint").GetString()!)];

    private static void AssertNoPassword(MigrationPair pair, string password = Defaults.Password)
    {
        Assert.DoesNotContain(pair.Source.Node.Log.Lines().Concat(pair.Target.Node.Log.Lines()), l => l.Contains(password));
    }
}
