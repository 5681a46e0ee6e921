using System.Net.Security;
using System.Security.Authentication;

namespace OmeSim.Testing;

/// <summary>
/// HTTP and TLS clients for the appliances' own certificates (self-signed, or from a test CA the machine does not
/// trust): every test accepts the served certificate and checks what it needs itself.
/// </summary>
public static class TestClients
{
    public static readonly RemoteCertificateValidationCallback TrustAll = (_, _, _, _) => true;

    /// <param name="clientChain">A client certificate to present, with its intermediates.</param>
    /// <param name="protocols">The TLS versions to offer; the system's choice by default.</param>
    public static SocketsHttpHandler Handler(SslStreamCertificateContext? clientChain = null, SslProtocols protocols = SslProtocols.None) => new()
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = TrustAll,
            ClientCertificateContext = clientChain,
            EnabledSslProtocols = protocols,
        },
    };
}
