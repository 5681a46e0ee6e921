using System.Security.Cryptography;
using OmeSim.Core.Appliances;
using OmeSim.Core.Sessions;

namespace OmeSim.Core.Tests.Appliances;

/// <summary>Appliances kept in memory, for tests about dates and lifetimes rather than keys.</summary>
internal static class InMemoryAppliances
{
    // Keys on demand (no worker threads), each a copy of the run's one test key: TestPki's chains are issued for it.
    private static readonly RsaKeyPool Keys = new(0, CopyOfTestKey);

    public static Appliance Create(ApplianceClock clock, RetiredCertificates retired) => new(
        new ApplianceDefinition("a", "omesim-a.example.com", "4.0.1", "40", "admin", "secret", SessionLimits.Default),
        new InMemoryApplianceStore(),
        clock,
        Keys,
        retired);

    private static RSA CopyOfTestKey()
    {
        var key = RSA.Create();
        key.ImportParameters(TestPki.CsrKey.ExportParameters(includePrivateParameters: true));
        return key;
    }
}
