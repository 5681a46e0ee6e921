using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using OmeSim.Core.Appliances;
using OmeSim.Http;

namespace OmeSim.Hosting;

/// <summary>
/// The appliance's TLS: per connection the certificate it serves now, with its intermediates (the served certificate's
/// own TLS context, so an upload shows on the next connection), HTTP/1.1 only, and a client certificate requested but
/// never required, so that plain curl works and the application decides.
/// </summary>
public static class ApplianceTls
{
    /// <summary>The longest a handshake may take (Kestrel's default), named here because replaced served certificates must outlive it.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    [SuppressMessage("Security", "CA5359", Justification = "The appliance takes any client certificate in the handshake; the application "
        + "checks the chain where it matters (VerifyPeer), as OME does.")]
    public static TlsHandshakeCallbackOptions HandshakeOptions(Appliance appliance) => new()
    {
        HandshakeTimeout = HandshakeTimeout,
        OnConnection = context =>
        {
            var presented = new PresentedClientChain();
            context.Connection.Items[PresentedClientChain.ItemKey] = presented;
            return ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = appliance.Served.TlsContext,
                ClientCertificateRequired = true,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    presented.Capture(certificate, chain);
                    return true;
                },
            });
        },
    };
}
