using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OmeSim.Tests.Infrastructure;

/// <summary>A raw TLS connection to an appliance: what the server sent in the handshake, and raw HTTP/1.1 exchanges.</summary>
public sealed class TlsProbe : IAsyncDisposable
{
    private readonly TcpClient _tcp;

    private TlsProbe(TcpClient tcp, SslStream ssl, IReadOnlyList<X509Certificate2> served)
    {
        _tcp = tcp;
        Stream = ssl;
        Served = served;
    }

    public SslStream Stream { get; }

    /// <summary>The certificates the server sent: leaf first, then what it sent besides.</summary>
    public IReadOnlyList<X509Certificate2> Served { get; }

    public static async Task<TlsProbe> ConnectAsync(Uri url, X509Certificate2Collection? clientChain = null, List<SslApplicationProtocol>? alpn = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        var served = new List<X509Certificate2>();
        var ssl = new SslStream(tcp.GetStream(), false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = url.Host,
            ApplicationProtocols = alpn,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                served.Add(X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData()));
                served.AddRange(chain!.ChainPolicy.ExtraStore.Where(c => c.Thumbprint != served[0].Thumbprint));
                return true;
            },
        };
        if (clientChain is not null)
        {
            options.ClientCertificateContext = SslStreamCertificateContext.Create(clientChain[0], [.. clientChain.Skip(1)], offline: true);
        }
        await ssl.AuthenticateAsClientAsync(options);
        return new TlsProbe(tcp, ssl, served);
    }

    /// <summary>Sends one raw request and returns the status line and headers.</summary>
    public async Task<string> RawHeadAsync(string request)
    {
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[16384];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await Stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var all = text.ToString();
        var end = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? all : all[..end];
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _tcp.Dispose();
    }
}
