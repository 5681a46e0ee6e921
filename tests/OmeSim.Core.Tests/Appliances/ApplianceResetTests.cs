using Microsoft.Extensions.Time.Testing;
using OmeSim.Core.Appliances;

namespace OmeSim.Core.Tests.Appliances;

public sealed class ApplianceResetTests
{
    private static readonly DateTimeOffset HostNow = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reset_after_a_clock_change_dates_the_new_factory_certificate_by_the_hosts_clock()
    {
        var host = new FakeTimeProvider(HostNow);
        var clock = new ApplianceClock(host);
        using var appliance = InMemoryAppliances.Create(clock, new RetiredCertificates(host, TimeSpan.FromMinutes(1)));
        await appliance.LoadAsync();
        Assert.Equal(HostNow.AddDays(-1).UtcDateTime, appliance.Served.Leaf.NotBefore.ToUniversalTime());

        clock.Set(HostNow.AddYears(-3), null, frozen: true);
        appliance.Reset();

        // Backdated one day and valid ten years, both from the host's time, not from three years ago.
        Assert.Equal(HostNow.AddDays(-1).UtcDateTime, appliance.Served.Leaf.NotBefore.ToUniversalTime());
        Assert.Equal(HostNow.AddDays(3650).UtcDateTime, appliance.Served.Leaf.NotAfter.ToUniversalTime());
        Assert.False(clock.Frozen);
        Assert.Equal(0, clock.OffsetSeconds);
    }
}
