using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using OmeSim.Core.Appliances;
using OmeSim.Core.Sessions;

namespace OmeSim.Core.Tests.Appliances;

public sealed class ApplianceResetTests
{
    private static readonly DateTimeOffset HostNow = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reset_after_a_clock_change_dates_the_new_factory_certificate_by_the_hosts_clock()
    {
        var host = new FakeTimeProvider(HostNow);
        var clock = new ApplianceClock(host);
        // Keys on demand, each a copy of the run's one test key: the test is about dates, not keys.
        using var keys = new RsaKeyPool(0, CopyOfTestKey);
        using var appliance = new Appliance(
            new ApplianceDefinition("a", "omesim-a.example.com", "4.0.1", "40", "admin", "secret", SessionLimits.Default),
            new InMemoryApplianceStore(),
            clock,
            keys);
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

    private static RSA CopyOfTestKey()
    {
        var key = RSA.Create();
        key.ImportParameters(TestPki.CsrKey.ExportParameters(includePrivateParameters: true));
        return key;
    }
}
