using System.Text;
using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;

namespace OmeSim.Core.Pki;

/// <summary>
/// GenerateCSR, sign and UploadCertChain in one step, as an administrator would do them by hand: the CSR names the
/// appliance's host name; the upload goes through the same rules as the HTTP endpoint, so a bad profile gets OME's answer.
/// </summary>
public static class Provisioning
{
    public const string DepartmentName = "Test";
    public const string BusinessName = "OmeSim";
    public const string Locality = "Round Rock";
    public const string State = "Texas";
    public const string Country = "US";

    /// <summary>The GenerateCSR body used for <paramref name="hostName"/>.</summary>
    public static CsrFields Fields(string hostName) =>
        new(hostName, DepartmentName, BusinessName, Locality, State, Country, null, CsrValidator.IsDnsName(hostName) ? hostName : null);

    /// <exception cref="ArgumentException">Unknown profile (checked before any change).</exception>
    public static ProvisionResult Provision(Appliance appliance, TestCa ca, string profile)
    {
        TestCa.CheckProfile(profile);
        var (csr, csrError) = appliance.GenerateCsr(Fields(appliance.Definition.HostName));
        if (csrError is not null)
        {
            return new ProvisionResult(null, null, csrError);
        }
        var chain = ca.Sign(csr!, profile);
        var report = appliance.UploadCertChain(Encoding.ASCII.GetBytes(chain.ToPem()));
        return new ProvisionResult(chain, report, report.FirstError);
    }
}
