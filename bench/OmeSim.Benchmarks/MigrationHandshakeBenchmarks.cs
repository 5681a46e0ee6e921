using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;
using OmeSim.Core.Appliances;
using OmeSim.Core.Migration;
using OmeSim.Core.Pki;
using OmeSim.Hosting;
using OmeSim.OmeApi.Migration;

namespace OmeSim.Benchmarks;

/// <summary>
/// Migration validation beside a bare SslStream mutual-TLS handshake on loopback (TCP connect included), both with
/// the same two chains from one test CA (source and target). The baseline is a full handshake (TLS resumption off):
/// a resumed TLS 1.3 session exchanges no certificates, and the client's session cache would otherwise resume every
/// iteration after the first, since the same process reconnects to the same host name; the resumed case is measured
/// beside it for reference. The core case is the same full handshake where each side runs PeerChainCheck on what the
/// other presented, on its own clock and roots, as the appliances do.
/// The end-to-end case is the real thing: two in-memory appliances (source on 127.0.0.2, target on 127.0.0.3, port 0,
/// Kestrel TLS) provisioned with good chains of one test CA; POST ValidateConnection to the target over a keep-alive
/// HttpClient; the target opens its own mutual-TLS connection to the source, checks its chain and calls VerifyPeer.
/// Target (issue 7): migration validation median at most 3x the bare handshake.
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
    private RsaKeyPool _keys = null!;
    private HostedAppliance _source = null!;
    private HostedAppliance _target = null!;
    private HttpClient _targetClient = null!;
    private string _validateBody = null!;

    [GlobalSetup]
    public void Setup()
    {
        SetupPair().GetAwaiter().GetResult();
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
        if (!Handshake(check: true, resume: false).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The peer-chain check should pass on two chains of one CA.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Stop();
        _targetClient.Dispose();
        _target.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _source.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _keys.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<bool> Bare_SslStream_mutual_TLS_handshake() => Handshake(check: false, resume: false);

    [Benchmark]
    public Task<bool> Bare_SslStream_mutual_TLS_handshake_resumed() => Handshake(check: false, resume: true);

    [Benchmark]
    public Task<bool> Handshake_with_PeerChainCheck_on_both_sides() => Handshake(check: true, resume: false);

    [Benchmark]
    public async Task<int> ValidateConnection_end_to_end()
    {
        using var content = new StringContent(_validateBody, Encoding.UTF8, "application/json");
        using var response = await _targetClient.PostAsync(MigrationClient.ValidateConnectionPath, content);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? body.Length
            : throw new InvalidOperationException($"ValidateConnection answered {(int)response.StatusCode}: {body}");
    }

    private async Task SetupPair()
    {
        _keys = new RsaKeyPool(new RsaKeyPoolOptions { Capacity = 2 });
        _source = new HostedAppliance(
            new ApplianceOptions { Name = Defaults.SourceName, Url = new Uri("https://127.0.0.2:0"), Version = Defaults.SourceVersion }, _keys);
        _target = new HostedAppliance(
            new ApplianceOptions { Name = Defaults.TargetName, Url = new Uri("https://127.0.0.3:0"), Version = Defaults.TargetVersion }, _keys);
        await Task.WhenAll(_source.StartAsync(), _target.StartAsync());
        foreach (var node in new[] { _source, _target })
        {
            var provisioned = Provisioning.Provision(node.Appliance, Pki.Ca, TestCa.Good);
            if (!provisioned.Accepted)
            {
                throw new InvalidOperationException($"Provisioning {node.Options.Name} failed: {provisioned.Error!.MessageId}");
            }
        }
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = 1,
        };
        _targetClient = new HttpClient(handler) { BaseAddress = _target.Url };
        _targetClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Defaults.UserName + ":" + Defaults.Password)));
        _validateBody = $$"""
            {"SourceAddress":"127.0.0.2","SourcePort":{{_source.Url.Port}},
            "SourceUserName":"{{Defaults.UserName}}","SourcePassword":"{{Defaults.Password}}"}
            """.ReplaceLineEndings("");
        await ValidateConnection_end_to_end();
    }

    private async Task<bool> Handshake(bool check, bool resume)
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
            AllowTlsResume = resume,
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
            AllowTlsResume = resume,
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
