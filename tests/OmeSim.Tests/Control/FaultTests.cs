using System.Net;
using System.Text.Json;
using OmeSim.Harness;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Control;

public class FaultTests
{
    private const string Info = "/api/ApplicationService/Info";

    [Fact]
    public async Task A_rule_skips_the_first_match_then_answers_omes_envelope_exactly_twice_then_the_appliance_answers_normally()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var client = sim.ApplianceClient(sim.Target);

        var added = await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances/target/faults",
            """{"Method":"GET","Path":"/api/ApplicationService/Info","MessageId":"CGEN1008","Status":null,"Drop":false,"DelayMs":0,"Skip":1,"Times":2}"""),
            HttpStatusCode.Created);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await TestSimulator.SendAsync(client, HttpMethod.Get, Info);
            statuses.Add(response.StatusCode);
            if (i is 1 or 2)
            {
                await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN1008");
            }
            else
            {
                Assert.Equal("OM Enterprise", (await OmeAssert.JsonAsync(response)).GetProperty("Name").GetString());
            }
        }
        var listed = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/target/faults"));

        var id = added.GetProperty("Id").GetInt32();
        Assert.Equal("CGEN1008", added.GetProperty("MessageId").GetString());
        Assert.Equal(1, added.GetProperty("Skip").GetInt32());
        Assert.Equal(2, added.GetProperty("Times").GetInt32());
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        var rule = Assert.Single(listed.EnumerateArray());
        Assert.Equal(id, rule.GetProperty("Id").GetInt32());
        Assert.Equal(2, rule.GetProperty("Hits").GetInt32());
        Assert.Equal(3, rule.GetProperty("Matches").GetInt32());
        Assert.True(rule.GetProperty("Exhausted").GetBoolean());
        var journal = sim.Target.Journal.Entries();
        Assert.Equal([null, "CGEN1008", "CGEN1008", null, null], journal.Select(e => e.MessageId));
        Assert.Equal([null, id, id, null, null], journal.Select(e => e.FaultId));
    }

    [Fact]
    public async Task A_bare_status_answers_cgen1008_with_injected_fault_before_authentication_and_other_calls_pass()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var client = sim.ApplianceClient(sim.Target);
        await OmeAssert.JsonAsync(
            await sim.PostJsonAsync("/appliances/target/faults", """{"Path":"/api/SessionService/Sessions","Status":503,"Times":null}"""),
            HttpStatusCode.Created);

        var unauthenticated = await TestSimulator.SendAsync(client, HttpMethod.Get, "/api/SessionService/Sessions", authenticate: false);
        var again = await TestSimulator.SendAsync(client, HttpMethod.Post, "/api/SessionService/Sessions", "{}");
        var other = await TestSimulator.SendAsync(client, HttpMethod.Get, Info);

        await OmeAssert.ErrorAsync(unauthenticated, HttpStatusCode.ServiceUnavailable, "CGEN1008", "Injected fault.");
        await OmeAssert.ErrorAsync(again, HttpStatusCode.ServiceUnavailable, "CGEN1008", "Injected fault.");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_message_id_answers_that_registry_message_and_its_status_unless_status_overrides_it()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var client = sim.ApplianceClient(sim.Source);
        await sim.PostJsonAsync("/appliances/source/faults", """{"Method":"GET","Path":"/api/ApplicationService/Info","MessageId":"CGEN1001"}""");
        await sim.PostJsonAsync("/appliances/source/faults", """{"Method":"GET","Path":"/api/ApplicationService/Info","MessageId":"CSEC9002","Status":500}""");

        await OmeAssert.ErrorAsync(await TestSimulator.SendAsync(client, HttpMethod.Get, Info), HttpStatusCode.Unauthorized, "CGEN1001");
        await OmeAssert.ErrorAsync(await TestSimulator.SendAsync(client, HttpMethod.Get, Info), HttpStatusCode.InternalServerError, "CSEC9002");
        Assert.Equal(HttpStatusCode.OK, (await TestSimulator.SendAsync(client, HttpMethod.Get, Info)).StatusCode);
    }

    [Fact]
    public async Task Drop_closes_the_connection_without_an_answer_and_the_journal_says_so()
    {
        await using var sim = await new TestHosts { RealTls = true }.StartSimulatorAsync();
        using var client = sim.ApplianceClient(sim.Target);
        await sim.PostJsonAsync("/appliances/target/faults", """{"Path":"/api/ApplicationService/Info","Drop":true}""");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => TestSimulator.SendAsync(client, HttpMethod.Get, Info));
        var next = await TestSimulator.SendAsync(client, HttpMethod.Get, Info);

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var dropped = sim.Target.Journal.Entries()[0];
        Assert.True(dropped.Dropped);
        Assert.Equal(0, dropped.Status);
    }

    [Fact]
    public async Task An_unknown_message_id_or_a_rule_without_an_answer_is_refused_with_a_clear_error()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        async Task<JsonElement> RefusedAsync(string rule) =>
            await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances/target/faults", rule), HttpStatusCode.BadRequest);
        var unknown = await RefusedAsync("""{"Path":"/x","MessageId":"NOPE0001"}""");
        var empty = await RefusedAsync("""{"Path":"/x"}""");
        var broken = await RefusedAsync("""{"Path":"/x","Skip":"many"}""");

        Assert.Contains("NOPE0001", unknown.GetProperty("Error").GetString());
        Assert.Contains("CGEN1008", unknown.GetProperty("Error").GetString());
        Assert.Contains("MessageId", empty.GetProperty("Error").GetString());
        Assert.Contains("Skip", broken.GetProperty("Error").GetString());
        Assert.Empty(sim.Target.Faults.List());
    }

    [Fact]
    public async Task Delete_removes_one_rule_by_id_or_all_of_them()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        var first = await OmeAssert.JsonAsync(await sim.PostJsonAsync("/appliances/target/faults", """{"Path":"/a","Status":500}"""), HttpStatusCode.Created);
        await sim.PostJsonAsync("/appliances/target/faults", """{"Path":"/b","Status":500}""");
        await sim.PostJsonAsync("/appliances/target/faults", """{"Path":"/c","Status":500}""");

        var one = await sim.Control.DeleteAsync($"/appliances/target/faults/{first.GetProperty("Id").GetInt32()}");
        var gone = await sim.Control.DeleteAsync($"/appliances/target/faults/{first.GetProperty("Id").GetInt32()}");
        var left = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/target/faults"));
        var all = await sim.Control.DeleteAsync("/appliances/target/faults");

        Assert.Equal(HttpStatusCode.NoContent, one.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(["/b", "/c"], left.EnumerateArray().Select(r => r.GetProperty("Path").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, all.StatusCode);
        Assert.Empty(sim.Target.Faults.List());
    }

    [Fact]
    public void A_migration_handshake_rule_matches_only_handshakes_with_skip_and_times()
    {
        var rules = new FaultRules();
        var (handshake, _) = rules.Add(new FaultRuleSpec { Path = FaultRules.MigrationHandshake, Drop = true, Skip = 1, Times = 2 });
        rules.Add(new FaultRuleSpec { Path = "/api/ApplicationService/Info", Status = 500, Times = null });

        var fired = Enumerable.Range(0, 4).Select(_ => rules.MatchMigrationHandshake()).ToList();
        var http = rules.Match("GET", FaultRules.MigrationHandshake);

        Assert.Equal([false, true, true, false], fired.Select(f => f is not null));
        Assert.All(fired.Where(f => f is not null), f => Assert.True(f!.Drop && f.RuleId == handshake!.Id && f.Error is null));
        Assert.Null(http);
        Assert.Equal(500, rules.Match("get", "/API/ApplicationService/Info")!.Error!.HttpStatus);
    }

    [Fact]
    public void A_migration_handshake_rule_can_answer_an_omes_error_after_a_delay()
    {
        var rules = new FaultRules();
        rules.Add(new FaultRuleSpec { Path = FaultRules.MigrationHandshake, MessageId = "CMIG1001", DelayMs = 50 });

        var action = rules.MatchMigrationHandshake();

        Assert.Equal(50, action!.DelayMs);
        Assert.Equal("CMIG1001", action.Error!.MessageId);
        Assert.Equal(400, action.Error.HttpStatus);
        Assert.Null(rules.MatchMigrationHandshake());
    }

    [Fact]
    public async Task A_delay_rule_holds_the_request_for_its_time_on_the_host_clock_then_lets_it_through_or_answers_its_error()
    {
        var time = new FakeHostTime();
        await using var appliance = await new TestHosts { HostTime = time }.StartApplianceAsync();
        var (first, second) = (TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(4));
        appliance.Node.Faults.Add(new FaultRuleSpec { Path = Info, DelayMs = (int)first.TotalMilliseconds, Times = 1 });
        appliance.Node.Faults.Add(new FaultRuleSpec { Path = Info, DelayMs = (int)second.TotalMilliseconds, MessageId = "CGEN1008", Times = 1 });

        var passed = appliance.GetAsync(Info);
        await time.TimerStartedAsync(first, TimeSpan.FromSeconds(30));
        time.Advance(first - TimeSpan.FromSeconds(1));
        Assert.False(passed.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("OM Enterprise", (await OmeAssert.JsonAsync(await passed.WaitAsync(TimeSpan.FromSeconds(30)))).GetProperty("Name").GetString());

        var failed = appliance.GetAsync(Info);
        await time.TimerStartedAsync(second, TimeSpan.FromSeconds(30));
        Assert.False(failed.IsCompleted);
        time.Advance(second);
        await OmeAssert.ErrorAsync(await failed.WaitAsync(TimeSpan.FromSeconds(30)), HttpStatusCode.BadRequest, "CGEN1008");
        Assert.Equal(HttpStatusCode.OK, (await appliance.GetAsync(Info)).StatusCode);
    }
}
