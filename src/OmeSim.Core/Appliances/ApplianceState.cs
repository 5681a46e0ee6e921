namespace OmeSim.Core.Appliances;

/// <summary>What one appliance keeps across restarts. Every field is text that <c>openssl</c> reads as it is.</summary>
/// <param name="Settings">Version, build and id.</param>
/// <param name="ServerKeyPem">The served leaf's private key, PKCS #8 PEM.</param>
/// <param name="ServerChainPem">The served chain, PEM: the leaf first, then the intermediates.</param>
/// <param name="TrustedRootsPem">The roots from the last chain upload, PEM; null when none was uploaded.</param>
/// <param name="CsrKeyPem">The private key of the pending CSR, PKCS #8 PEM; null when no CSR is pending.</param>
/// <param name="CsrPem">The pending CSR, PEM; null when none is pending.</param>
public sealed record ApplianceState(
    ApplianceSettings Settings,
    string ServerKeyPem,
    string ServerChainPem,
    string? TrustedRootsPem,
    string? CsrKeyPem,
    string? CsrPem);
