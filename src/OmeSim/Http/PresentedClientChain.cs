using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;

namespace OmeSim.Http;

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
