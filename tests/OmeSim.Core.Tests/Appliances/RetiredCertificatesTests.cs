using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Core.Tests.Appliances;

/// <summary>Served certificates an appliance replaced are disposed once a grace has passed on the host's clock, or when it is disposed.</summary>
public sealed class RetiredCertificatesTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(70);

    [Fact]
    public async Task A_replaced_certificate_stays_usable_until_the_grace_has_passed_on_the_hosts_clock()
    {
        var host = new CountingHostTime();
        using var appliance = InMemoryAppliances.Create(new ApplianceClock(host), new RetiredCertificates(host, Grace));
        await appliance.LoadAsync();
        var replaced = appliance.Served;

        appliance.Reset();

        Assert.NotSame(replaced, appliance.Served);
        AssertUsable(replaced);
        // The appliance's own clock, moved years ahead, moves no timer.
        appliance.Clock.Set(host.GetUtcNow().AddYears(5), null, frozen: true);
        host.Advance(Grace - TimeSpan.FromSeconds(1));
        AssertUsable(replaced);

        host.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(IntPtr.Zero, replaced.Leaf.Handle);
        AssertUsable(appliance.Served);
        Assert.Equal(0, host.LiveTimers);
    }

    [Fact]
    public async Task Disposing_the_appliance_disposes_its_served_certificate_and_every_replaced_one_at_once()
    {
        var host = new CountingHostTime();
        var appliance = InMemoryAppliances.Create(new ApplianceClock(host), new RetiredCertificates(host, Grace));
        await appliance.LoadAsync();
        var factory = appliance.Served;
        Assert.Null(appliance.GenerateCsr(new CsrFields(TestPki.ApplianceName)).Error);
        Assert.Null(appliance.UploadCertChain(TestPki.Bytes(TestPki.Chain(TestCa.Good).ToPem())).FirstError);
        var chain = appliance.Served;
        _ = chain.TlsContext;
        appliance.Reset();
        var owned = new[] { factory, chain, appliance.Served }.SelectMany(OwnedBy).ToList();
        Assert.NotEmpty(chain.Intermediates);
        Assert.NotEmpty(chain.TrustedRoots);
        Assert.NotEmpty(chain.TlsContext.IntermediateCertificates);
        Assert.All(owned, c => Assert.NotEqual(IntPtr.Zero, c.Handle));
        Assert.Equal(2, host.LiveTimers);

        appliance.Dispose();

        Assert.All(owned, c => Assert.Equal(IntPtr.Zero, c.Handle));
        Assert.Equal(0, host.LiveTimers);
        appliance.Dispose();
        host.Advance(Grace * 2);
    }

    [Fact]
    public void A_certificate_retired_after_disposal_is_disposed_at_once()
    {
        var host = new CountingHostTime();
        var retired = new RetiredCertificates(host, Grace);
        retired.Dispose();
        using var served = CopyOfTestCaRoot();

        retired.Retire(served);

        Assert.Equal(IntPtr.Zero, served.Leaf.Handle);
        Assert.Equal(0, host.LiveTimers);
    }

    [Fact]
    public void A_grace_beyond_a_timers_reach_keeps_the_certificate_until_disposal()
    {
        var host = new CountingHostTime();
        var retired = new RetiredCertificates(host, TimeSpan.FromDays(100));
        using var served = CopyOfTestCaRoot();

        retired.Retire(served);
        host.Advance(TimeSpan.FromDays(365));
        Assert.NotEqual(IntPtr.Zero, served.Leaf.Handle);
        retired.Dispose();

        Assert.Equal(IntPtr.Zero, served.Leaf.Handle);
    }

    private static void AssertUsable(ServedCertificate served)
    {
        Assert.NotEqual(IntPtr.Zero, served.Leaf.Handle);
        using var key = served.Leaf.GetRSAPrivateKey()!;
        Assert.NotEmpty(key.SignData([1, 2, 3], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static IEnumerable<X509Certificate2> OwnedBy(ServedCertificate served) =>
        [served.Leaf, .. served.Intermediates, .. served.TrustedRoots, .. served.TlsContext.IntermediateCertificates];

    private static ServedCertificate CopyOfTestCaRoot() => new(X509CertificateLoader.LoadCertificate(TestPki.Ca.Root.RawData), [], []);

    /// <summary>A fake host clock that counts its timers not yet disposed.</summary>
    private sealed class CountingHostTime() : FakeTimeProvider(DateTimeOffset.UtcNow)
    {
        private int _live;

        public int LiveTimers => Volatile.Read(ref _live);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _live);
            return new Counted(base.CreateTimer(callback, state, dueTime, period), this);
        }

        private sealed class Counted(ITimer inner, CountingHostTime time) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref time._live);
                }
                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
