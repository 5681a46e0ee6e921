using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using OmeSim.Core.Migration;

namespace OmeSim.Benchmarks;

/// <summary>
/// Migration validation's core beside a bare SslStream mutual-TLS handshake on loopback (TCP connect included), both with
/// the same two chains from one test CA (source and target). The OmeSim case is the same handshake where each side runs
/// PeerChainCheck on what the other presented, on its own clock and roots, as the appliances do.
/// Target (issue 7): migration validation median at most 3x the bare handshake.
/// MIGRATION-BENCH: once MigrationService (issue 5) is merged, add the end-to-end case here: the target's
/// validation call against a running source (ApplianceNode pair on 127.0.0.2/127.0.0.3), beside the same baseline.
/// </summary>
[Config(typeof(BenchConfig))]
public class MigrationHandshakeBenchmarks
{
    private TcpListener _listener = null!;
    private SslStreamCertificateContext _sourceContext = null!;
    private SslStreamCertificateContext _targetContext = null!;
    private List<X509Certificate2> _sourceChain = null!;
    private List<X509Certificate2> _targetChain = null!;
    private X509Certificate2[] _roots = null!;
    private IPEndPoint _endpoint = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var sourceKey = RSA.Create(2048);
        using var targetKey = RSA.Create(2048);
        var source = Pki.Ca.Issue(Core.Pki.TestCa.Good, sourceKey, "source.example.com").Certificates;
        var target = Pki.Ca.Issue(Core.Pki.TestCa.Good, targetKey, "target.example.com").Certificates;
        _sourceChain = [source[0].CopyWithPrivateKey(sourceKey), .. source.Skip(1).Take(source.Count - 2)];
        _targetChain = [target[0].CopyWithPrivateKey(targetKey), .. target.Skip(1).Take(target.Count - 2)];
        _roots = [source[^1]];
        _sourceContext = SslStreamCertificateContext.Create(_sourceChain[0], [.. _sourceChain.Skip(1)], offline: true);
        _targetContext = SslStreamCertificateContext.Create(_targetChain[0], [.. _targetChain.Skip(1)], offline: true);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(128);
        _endpoint = (IPEndPoint)_listener.LocalEndpoint;
        if (!Handshake(check: true).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The peer-chain check should pass on two chains of one CA.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _listener.Stop();

    [Benchmark(Baseline = true)]
    public Task<bool> Bare_SslStream_mutual_TLS_handshake() => Handshake(check: false);

    [Benchmark]
    public Task<bool> Handshake_with_PeerChainCheck_on_both_sides() => Handshake(check: true);

    private async Task<bool> Handshake(bool check)
    {
        var sourcePassed = !check;
        var targetPassed = !check;
        var accept = _listener.AcceptSocketAsync();
        using var client = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await client.ConnectAsync(_endpoint);
        using var serverSocket = await accept;
        await using var serverStream = new SslStream(new NetworkStream(serverSocket, ownsSocket: false));
        await using var clientStream = new SslStream(client.GetStream());

        var server = serverStream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _sourceContext,
            ClientCertificateRequired = true,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                if (check)
                {
                    sourcePassed = PeerChainCheck.Check(_sourceChain, _roots, Presented(certificate, chain), DateTimeOffset.UtcNow).Passed;
                }
                return true;
            },
        });
        var clientTask = clientStream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "source.example.com",
            ClientCertificateContext = _targetContext,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                if (check)
                {
                    targetPassed = PeerChainCheck.Check(_targetChain, _roots, Presented(certificate, chain), DateTimeOffset.UtcNow).Passed;
                }
                return true;
            },
        });
        await Task.WhenAll(server, clientTask);
        // TLS 1.3 sends the client certificate after the client considers the handshake done: one byte each way settles it.
        await clientStream.WriteAsync(new byte[] { 1 });
        var buffer = new byte[1];
        await serverStream.ReadExactlyAsync(buffer);
        await serverStream.WriteAsync(buffer);
        await clientStream.ReadExactlyAsync(buffer);
        return sourcePassed && targetPassed;
    }

    private static List<X509Certificate2> Presented(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            return [];
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var list = new List<X509Certificate2> { leaf };
        if (chain is not null)
        {
            list.AddRange(chain.ChainPolicy.ExtraStore.Where(c => !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)));
        }
        return list;
    }
}
