using OmeSim.Hosting;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests;

/// <summary>The web-server restart after an upload, on the host's clock.</summary>
public class RestartWindowTests
{
    [Fact]
    public void The_window_opens_at_begin_and_closes_when_its_length_has_passed()
    {
        var time = new FakeHostTime();
        var window = new RestartWindow(TimeSpan.FromSeconds(3), time);
        Assert.False(window.IsOpen);

        window.Begin();
        Assert.True(window.IsOpen);
        time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.True(window.IsOpen);
        time.Advance(TimeSpan.FromSeconds(0.2));

        Assert.False(window.IsOpen);
    }

    [Fact]
    public void A_zero_window_never_opens_and_end_closes_an_open_one()
    {
        var time = new FakeHostTime();
        var never = new RestartWindow(TimeSpan.Zero, time);
        var open = new RestartWindow(TimeSpan.FromMinutes(1), time);

        never.Begin();
        open.Begin();
        open.End();

        Assert.False(never.IsOpen);
        Assert.False(open.IsOpen);
    }
}
