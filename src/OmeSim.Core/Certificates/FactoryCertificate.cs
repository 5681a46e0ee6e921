using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OmeSim.Core.Certificates;

/// <summary>The self-signed certificate an appliance starts with, as OME ships one before any upload.</summary>
public static class FactoryCertificate
{
    public const string Organization = "Dell Inc.";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan Backdate = TimeSpan.FromDays(1);

    /// <summary>A self-signed serverAuth certificate for <paramref name="hostName"/> carrying <paramref name="key"/> (private key attached).</summary>
    public static X509Certificate2 Create(string hostName, RSA key, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(hostName);
        name.AddOrganizationName(Organization);
        var spec = new X509Builder.Spec(name.Build(), new PublicKey(key), now - Backdate, now + Lifetime)
        {
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
            Eku = [X509Builder.ServerAuthOid],
            San = SanFor(hostName),
        };
        using var certificate = X509Builder.Create(spec, null, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1));
        return certificate.CopyWithPrivateKey(key);
    }

    private static X509Extension SanFor(string hostName)
    {
        if (!System.Net.IPAddress.TryParse(hostName, out var address))
        {
            return X509Builder.DnsSan([hostName]);
        }
        var builder = new SubjectAlternativeNameBuilder();
        builder.AddIpAddress(address);
        return builder.Build();
    }
}
