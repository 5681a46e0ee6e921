using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using OmeSim.Core.Appliances;

namespace OmeSim.Hosting;

/// <summary>The certificates a client presented in the TLS handshake (leaf first), kept on the connection.</summary>
public sealed class PresentedClientChain
{
    public const string ItemKey = "omesim.client-chain";

    public IReadOnlyList<X509Certificate2> Certificates { get; private set; } = [];

    internal void Capture(X509Certificate? certificate, X509Chain? chain) => Certificates = Read(certificate, chain);

    /// <summary>
    /// What a TLS peer presented, leaf first, copied out of the validation callback (SslStream disposes its chain
    /// after the callback). On Linux, SslStream puts the certificates the peer sent besides its leaf into the chain's ExtraStore.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> Read(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            return [];
        }
        var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var list = new List<X509Certificate2> { leaf };
        if (chain is not null)
        {
            list.AddRange(chain.ChainPolicy.ExtraStore
                .Where(c => !c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                .Select(c => X509CertificateLoader.LoadCertificate(c.RawDataMemory.Span)));
        }
        return list;
    }

    public static PresentedClientChain? Of(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var value) == true
            ? value as PresentedClientChain
            : null;
}

/// <summary>
/// The appliance's TLS: per connection the certificate it serves now, with its intermediates (a cached
/// <see cref="SslStreamCertificateContext"/> per served certificate, so an upload shows on the next connection), HTTP/1.1 only, and a client
/// certificate requested but never required, so that plain curl works and the application decides.
/// </summary>
public sealed class ApplianceTls
{
    // One context per served certificate, shared by the server side and the target's migration client:
    // building one builds an X509Chain (~0.5 ms), which was a tenth of a whole migration validation.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ServedCertificate, SslStreamCertificateContext> Contexts = [];

    private readonly Appliance _appliance;

    public ApplianceTls(Appliance appliance) => _appliance = appliance;

    public TlsHandshakeCallbackOptions HandshakeOptions() => new()
    {
        OnConnection = context =>
        {
            var presented = new PresentedClientChain();
            context.Connection.Items[PresentedClientChain.ItemKey] = presented;
            return ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = ContextFor(_appliance.Served),
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

    /// <summary>The TLS context of <paramref name="served"/> (leaf and intermediates), built once per served certificate.</summary>
    public static SslStreamCertificateContext ContextFor(ServedCertificate served) =>
        Contexts.GetValue(served, s => SslStreamCertificateContext.Create(s.Leaf, s.Intermediates, offline: true));
}
