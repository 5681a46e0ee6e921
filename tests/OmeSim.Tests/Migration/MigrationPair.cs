using System.Text;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;
using OmeSim.Hosting;

namespace OmeSim.Tests.Migration;

/// <summary>A source (3.10.2 on 127.0.0.2) and a target (4.0.1 on 127.0.0.3), each on real Kestrel TLS, and the run's shared test CA.</summary>
public sealed class MigrationPair : IAsyncDisposable
{
    public const string SourceAddress = "127.0.0.2";
    public const string TargetAddress = "127.0.0.3";

    private bool _sourceStopped;

    private MigrationPair(TestAppliance source, TestAppliance target)
    {
        Source = source;
        Target = target;
    }

    public static TestCa Ca => TestPki.Ca;

    public TestAppliance Source { get; }
    public TestAppliance Target { get; }
    public int SourcePort => Source.Node.Url.Port;

    /// <param name="migrationTimeout">The target's migration timeout; 5 s by default.</param>
    /// <param name="targetTime">The target's host clock, on which its timeout and fault delays run; the system's by default.</param>
    public static async Task<MigrationPair> StartAsync(TimeSpan? migrationTimeout = null, TimeProvider? targetTime = null)
    {
        var timeout = migrationTimeout ?? TimeSpan.FromSeconds(5);
        var started = await Task.WhenAll(
            new TestHosts { RealTls = true, Customize = o => o with { Name = Defaults.SourceName } }.StartApplianceAsync(Defaults.SourceVersion, SourceAddress),
            new TestHosts { RealTls = true, Customize = o => o with { Name = Defaults.TargetName, MigrationTimeout = timeout }, HostTime = targetTime }
                .StartApplianceAsync(Defaults.TargetVersion, TargetAddress));
        return new MigrationPair(started[0], started[1]);
    }

    /// <summary>A pair whose source and target each got a chain of the given profiles (see <see cref="Provision"/>).</summary>
    public static async Task<MigrationPair> StartProvisionedAsync(string sourceProfile = TestCa.Good, string targetProfile = TestCa.Good)
    {
        var pair = await StartAsync();
        try
        {
            Provision(pair.Source, sourceProfile);
            Provision(pair.Target, targetProfile);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>GenerateCSR, the test CA signs under <paramref name="profile"/>, UploadCertChain: what an administrator does.</summary>
    public static void Provision(TestAppliance appliance, string profile)
    {
        var (csr, error) = appliance.Appliance.GenerateCsr(new CsrFields(appliance.Node.Options.Name + ".example.com"));
        Assert.Null(error);
        var report = appliance.Appliance.UploadCertChain(Encoding.UTF8.GetBytes(Ca.Sign(csr!, profile).ToPem()));
        Assert.Null(report.FirstError);
    }

    public static string Body(string address, int port, string password = Defaults.Password) =>
        $$"""{"SourceAddress":"{{address}}","SourcePort":{{port}},"SourceUserName":"admin","SourcePassword":"{{password}}"}""";

    public Task<HttpResponseMessage> ValidateAsync(string? password = null) =>
        Target.PostJsonAsync(OmeSim.OmeApi.Migration.MigrationClient.ValidateConnectionPath, Body(SourceAddress, SourcePort, password ?? Defaults.Password));

    /// <summary>Stops the source: its port is closed from here on.</summary>
    public async Task StopSourceAsync()
    {
        _sourceStopped = true;
        await Source.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_sourceStopped)
        {
            await Source.DisposeAsync();
        }
        await Target.DisposeAsync();
    }
}
