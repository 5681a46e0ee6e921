using System.Net;
using OmeSim.Core.Migration;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Control;

public class ClockTests
{
    [Fact]
    public async Task Put_now_sets_the_appliance_date_and_the_clock_runs_on_from_it()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        var set = await OmeAssert.JsonAsync(await sim.PutJsonAsync("/appliances/target/clock", """{"Now":"2030-01-01T00:00:00Z"}"""));
        var read = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/target/clock"));

        Assert.False(set.GetProperty("Frozen").GetBoolean());
        var now = read.GetProperty("Now").GetDateTimeOffset();
        Assert.InRange(now, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 1, 0, TimeSpan.Zero));
        Assert.True(read.GetProperty("OffsetSeconds").GetDouble() > 86400);
        Assert.Equal(2030, sim.Target.Clock.GetUtcNow().Year);
        Assert.NotEqual(2030, sim.Source.Clock.GetUtcNow().Year);
    }

    [Fact]
    public async Task Put_offset_with_frozen_stops_the_clock_a_day_ahead_and_an_empty_body_puts_it_back()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        var frozen = await OmeAssert.JsonAsync(await sim.PutJsonAsync("/appliances/source/clock", """{"OffsetSeconds":86400,"Frozen":true}"""));
        var first = sim.Source.Clock.GetUtcNow();
        // A whole HTTP round trip later (no sleep), a frozen clock still reads the same.
        var read = await OmeAssert.JsonAsync(await sim.Control.GetAsync("/appliances/source/clock"));
        var second = sim.Source.Clock.GetUtcNow();
        var back = await OmeAssert.JsonAsync(await sim.PutJsonAsync("/appliances/source/clock", "{}"));

        Assert.True(frozen.GetProperty("Frozen").GetBoolean());
        Assert.Equal(86400, frozen.GetProperty("OffsetSeconds").GetDouble(), 0);
        Assert.Equal(first, second);
        Assert.Equal(first, read.GetProperty("Now").GetDateTimeOffset());
        Assert.True(read.GetProperty("Frozen").GetBoolean());
        Assert.False(back.GetProperty("Frozen").GetBoolean());
        Assert.Equal(0, back.GetProperty("OffsetSeconds").GetDouble(), 0);
    }

    [Theory]
    [InlineData("""{"Now":"2030-01-01T00:00:00Z","OffsetSeconds":5}""")]
    [InlineData("""{"Now":"not a date"}""")]
    [InlineData("""{"OffsetSeconds":""")]
    public async Task Put_with_a_bad_body_answers_400_with_an_error_and_leaves_the_clock(string body)
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();

        var error = await OmeAssert.JsonAsync(await sim.PutJsonAsync("/appliances/target/clock", body), HttpStatusCode.BadRequest);

        Assert.False(string.IsNullOrEmpty(error.GetProperty("Error").GetString()));
        Assert.Equal(0, sim.Target.Clock.OffsetSeconds, 0);
    }

    [Fact]
    public async Task Moving_the_target_clock_two_years_ahead_makes_the_uploaded_chains_fail_the_migration_check()
    {
        await using var sim = await new TestHosts().StartSimulatorAsync();
        await OmeAssert.JsonAsync(await sim.Control.PostAsync("/appliances/source/provision?profile=good", null));
        await OmeAssert.JsonAsync(await sim.Control.PostAsync("/appliances/target/provision?profile=good", null));
        PeerChainResult Check() => sim.Target.Appliance.Served.CheckPeer(sim.Source.Appliance.Served.Chain, sim.Target.Clock.GetUtcNow());
        var before = Check();

        await OmeAssert.JsonAsync(await sim.PutJsonAsync("/appliances/target/clock", """{"OffsetSeconds":63072000}"""));
        var after = Check();

        Assert.True(before.Passed, before.Reason);
        Assert.Equal(PeerCheckFailure.PeerPath, after.Failure);
        Assert.Contains("expired", after.Reason);
    }
}
