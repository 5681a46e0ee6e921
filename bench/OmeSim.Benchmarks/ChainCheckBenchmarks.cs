using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using OmeSim.Core.Certificates;

namespace OmeSim.Benchmarks;

/// <summary>
/// The whole UploadCertChain rule check (CSR key, path, length, signatures, names, EKU, key usage) on an already parsed chain,
/// beside a bare X509Chain.Build with CustomRootTrust on the same certificates. Target (issue 7): at most 3x.
/// The 10-deep chain has ECDSA P-256 intermediates (as the test CA's deep chains), an RSA root and leaf.
/// </summary>
[Config(typeof(BenchConfig))]
public class ChainCheckBenchmarks
{
    private UploadReadResult _read = null!;
    private byte[] _csrKey = null!;
    private X509Certificate2 _leaf = null!;
    private X509Certificate2 _root = null!;
    private X509Certificate2Collection _intermediates = null!;

    [Params(3, 10)]
    public int Depth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var leafKey = RSA.Create(2048);
        var chain = Pki.Chain(Depth, leafKey);
        _read = new UploadReadResult(chain, null);
        _csrKey = leafKey.ExportSubjectPublicKeyInfo();
        _leaf = chain[0];
        _root = chain[^1];
        _intermediates = [.. chain.Skip(1).Take(chain.Count - 2)];
        if (CertificateRules.CheckChain(_read, _csrKey).FirstError is { } error)
        {
            throw new InvalidOperationException($"The {Depth}-deep bench chain should pass: {error.ToJson()}");
        }
    }

    [Benchmark(Baseline = true)]
    public bool Bare_X509Chain_Build_CustomRootTrust()
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(_root);
        policy.ExtraStore.AddRange(_intermediates);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        return chain.Build(_leaf);
    }

    [Benchmark]
    public bool CertificateRules_CheckChain() => CertificateRules.CheckChain(_read, _csrKey).FirstError is null;
}
