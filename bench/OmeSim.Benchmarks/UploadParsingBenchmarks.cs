using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;
using OmeSim.Core.Certificates;

namespace OmeSim.Benchmarks;

/// <summary>
/// Reading an upload (UploadReader.Read: NUL check, PEM blocks, X.509 or PKCS #7 per block) beside the bare
/// X509Certificate2Collection.ImportFromPem on the same three-certificate PEM bundle. The bare PKCS #7 decode
/// (SignedCms) is there too, since ImportFromPem reads no PKCS #7.
/// </summary>
[Config(typeof(BenchConfig))]
public class UploadParsingBenchmarks
{
    private string _pemText = null!;
    private byte[] _pem = null!;
    private byte[] _pkcs7Pem = null!;
    private byte[] _pkcs7Der = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var chain = Pki.Chain(3, key);
        _pemText = Pki.Pem(chain);
        _pem = Encoding.ASCII.GetBytes(_pemText);
        var pkcs7 = Pki.Pkcs7Pem(chain);
        _pkcs7Pem = Encoding.ASCII.GetBytes(pkcs7);
        _pkcs7Der = PemText.TryReadBlocks(pkcs7, out var blocks) ? blocks[0].Der : throw new InvalidOperationException();
        if (UploadReader.Read(_pem).Certificates.Count != 3 || UploadReader.Read(_pkcs7Pem).Certificates.Count != 3)
        {
            throw new InvalidOperationException("The bench files should read as three certificates.");
        }
    }

    [Benchmark(Baseline = true)]
    public int Bare_ImportFromPem_bundle()
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(_pemText);
        return collection.Count;
    }

    [Benchmark]
    public int Bare_SignedCms_Decode_pkcs7()
    {
        var cms = new SignedCms();
        cms.Decode(_pkcs7Der);
        return cms.Certificates.Count;
    }

    [Benchmark]
    public int UploadReader_Read_pem_bundle() => UploadReader.Read(_pem).Certificates.Count;

    [Benchmark]
    public int UploadReader_Read_pkcs7() => UploadReader.Read(_pkcs7Pem).Certificates.Count;
}
