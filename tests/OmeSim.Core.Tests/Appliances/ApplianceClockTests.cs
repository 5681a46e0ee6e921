using Microsoft.Extensions.Time.Testing;
using OmeSim.Core.Appliances;

namespace OmeSim.Core.Tests.Appliances;

public class ApplianceClockTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 25, 11, 10, 34, TimeSpan.Zero);
    private readonly FakeTimeProvider _base = new(Start);

    [Fact]
    public void A_new_clock_reads_the_base_clock()
    {
        var clock = new ApplianceClock(_base);

        _base.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(Start.AddMinutes(3), clock.GetUtcNow());
        Assert.Equal(0, clock.OffsetSeconds);
        Assert.False(clock.Frozen);
    }

    [Fact]
    public void A_clock_set_to_an_absolute_time_runs_on_from_there()
    {
        var clock = new ApplianceClock(_base);
        var then = new DateTimeOffset(2030, 6, 1, 0, 0, 0, TimeSpan.Zero);

        clock.Set(then, null, frozen: false);
        _base.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(then.AddSeconds(5), clock.GetUtcNow());
        Assert.Equal((then - Start).TotalSeconds, clock.OffsetSeconds);
    }

    [Fact]
    public void A_clock_set_to_an_offset_keeps_that_distance_from_the_base_clock()
    {
        var clock = new ApplianceClock(_base);

        clock.Set(null, -86_400.5, frozen: false);
        _base.Advance(TimeSpan.FromHours(1));

        Assert.Equal(Start.AddHours(1).AddSeconds(-86_400.5), clock.GetUtcNow());
        Assert.Equal(-86_400.5, clock.OffsetSeconds);
    }

    [Fact]
    public void A_frozen_clock_stands_still_while_its_offset_grows_more_negative()
    {
        var clock = new ApplianceClock(_base);
        _base.Advance(TimeSpan.FromSeconds(10));

        clock.Set(null, null, frozen: true);
        _base.Advance(TimeSpan.FromSeconds(30));

        Assert.True(clock.Frozen);
        Assert.Equal(Start.AddSeconds(10), clock.GetUtcNow());
        Assert.Equal(-30, clock.OffsetSeconds);
    }

    [Fact]
    public void A_clock_can_be_frozen_at_an_absolute_time()
    {
        var clock = new ApplianceClock(_base);
        var then = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);

        clock.Set(then, null, frozen: true);
        _base.Advance(TimeSpan.FromDays(2));

        Assert.Equal(then, clock.GetUtcNow());
    }

    [Fact]
    public void An_unfrozen_clock_runs_on_from_the_reading_it_stood_at()
    {
        var clock = new ApplianceClock(_base);
        clock.Set(null, null, frozen: true);
        _base.Advance(TimeSpan.FromSeconds(100));

        clock.Set(null, null, frozen: false);
        _base.Advance(TimeSpan.FromSeconds(7));

        Assert.False(clock.Frozen);
        Assert.Equal(Start.AddSeconds(7), clock.GetUtcNow());
        Assert.Equal(-100, clock.OffsetSeconds);
    }

    [Fact]
    public void Reset_returns_to_the_base_clock()
    {
        var clock = new ApplianceClock(_base);
        clock.Set(null, 3600, frozen: true);

        clock.Reset();
        _base.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(_base.GetUtcNow(), clock.GetUtcNow());
        Assert.False(clock.Frozen);
        Assert.Equal(0, clock.OffsetSeconds);
    }

    [Fact]
    public void Setting_both_an_absolute_time_and_an_offset_is_refused()
    {
        var clock = new ApplianceClock(_base);

        Assert.Throws<ArgumentException>(() => clock.Set(Start, 5, frozen: false));
        Assert.Throws<ArgumentException>(() => clock.Set(null, double.NaN, frozen: false));
    }

    [Fact]
    public void Timestamps_and_timers_stay_on_the_base_clock()
    {
        var clock = new ApplianceClock(_base);
        var before = clock.GetTimestamp();

        clock.Set(null, -1_000_000, frozen: true);
        _base.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetElapsedTime(before));
    }

    [Fact]
    public void The_clock_can_be_read_and_set_from_many_threads_at_once()
    {
        var clock = new ApplianceClock(_base);

        Parallel.For(0, 2_000, i =>
        {
            if (i % 2 == 0)
            {
                clock.Set(null, i, frozen: i % 4 == 0);
            }
            else
            {
                var offset = clock.OffsetSeconds;
                Assert.True(offset >= 0 && offset < 2_000);
                Assert.True(clock.GetUtcNow() >= Start);
            }
        });
    }
}
