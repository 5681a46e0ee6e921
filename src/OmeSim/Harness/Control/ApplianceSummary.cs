using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>One appliance as the control plane shows it.</summary>
public sealed record ApplianceSummary(
    string Name,
    string Url,
    string Version,
    string HostName,
    ServedCertificateSummary Certificate,
    bool CsrKeyPending,
    IReadOnlyList<CertificateName> TrustedRoots,
    int SessionCount,
    ClockView Clock)
{
    public static ApplianceSummary From(HostedAppliance hosted)
    {
        var appliance = hosted.Appliance;
        var served = appliance.Served;
        return new ApplianceSummary(
            hosted.Name,
            hosted.AdvertisedUrl.ToString(),
            hosted.Options.Version,
            appliance.Definition.HostName,
            ServedCertificateSummary.From(served),
            appliance.HasPendingCsrKey,
            [.. served.TrustedRoots.Select(CertificateName.From)],
            appliance.Sessions.Count,
            ClockView.From(hosted.Clock));
    }
}
