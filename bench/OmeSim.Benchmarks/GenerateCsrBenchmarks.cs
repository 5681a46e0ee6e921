using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;
using OmeSim.Core.Sessions;

namespace OmeSim.Benchmarks;

/// <summary>
/// GenerateCSR as the appliance does it (validate, take a key, build OME's one-line CSR, persist the CSR key) beside the bare
/// platform: RSA.Create(2048) + CertificateRequest. "Warm" waits before each call until the pool is full and its filler
/// thread idle, which is what a caller at most once a second per appliance sees (a key takes ~0.2 s); "Dry" has no pool.
/// Targets (issue 7): warm median at most 0.05x the baseline, dry at most 1.2x.
/// </summary>
[Config(typeof(SingleCallConfig))]
public class GenerateCsrBenchmarks
{
    private static readonly CsrFields Fields =
        new("omesim-bench.example.com", "IT", "Dell", "Austin", "TX", "US", "admin@example.com", "omesim-bench.example.com");

    private RsaKeyPool _warmKeys = null!;
    private RsaKeyPool _dryKeys = null!;
    private Appliance _warmInMemory = null!;
    private Appliance _warmOnDisk = null!;
    private Appliance _dryInMemory = null!;
    private string _dataDirectory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _warmKeys = new RsaKeyPool(new RsaKeyPoolOptions { Capacity = 2 });
        _dryKeys = new RsaKeyPool(new RsaKeyPoolOptions { Capacity = 0 });
        _dataDirectory = Directory.CreateTempSubdirectory("omesim-bench-").FullName;
        _warmInMemory = Make(new InMemoryApplianceStore(), _warmKeys);
        _warmOnDisk = Make(new FileApplianceStore(_dataDirectory), _warmKeys);
        _dryInMemory = Make(new InMemoryApplianceStore(), _dryKeys);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _warmInMemory.Dispose();
        _warmOnDisk.Dispose();
        _dryInMemory.Dispose();
        _warmKeys.Dispose();
        _dryKeys.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [IterationSetup(Targets = [nameof(GenerateCsr_warm_pool_in_memory), nameof(GenerateCsr_warm_pool_data_folder)])]
    public void WaitForFullPool()
    {
        _warmKeys.WhenFullAsync().Wait(TimeSpan.FromSeconds(10));
        // Let the filler park on its monitor: at one call a second it has long finished.
        Thread.Sleep(20);
    }

    [Benchmark(Baseline = true)]
    public string Bare_RSA_Create_2048_and_CertificateRequest()
    {
        using var key = RSA.Create(2048);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("omesim-bench.example.com");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSigningRequestPem();
    }

    [Benchmark]
    public string? GenerateCsr_warm_pool_in_memory() => _warmInMemory.GenerateCsr(Fields).Csr;

    [Benchmark]
    public string? GenerateCsr_warm_pool_data_folder() => _warmOnDisk.GenerateCsr(Fields).Csr;

    [Benchmark]
    public string? GenerateCsr_dry_pool() => _dryInMemory.GenerateCsr(Fields).Csr;

    private static Appliance Make(IApplianceStore store, RsaKeyPool keys)
    {
        var appliance = new Appliance(
            new ApplianceDefinition("bench", "omesim-bench.example.com", "4.0.1", "40", "admin", "unused", SessionLimits.Default),
            store,
            new ApplianceClock(TimeProvider.System),
            keys,
            new RetiredCertificates(TimeProvider.System, TimeSpan.FromMinutes(1)));
        appliance.LoadAsync(nothingServedYet: true).GetAwaiter().GetResult();
        return appliance;
    }
}
