using System.Security.Cryptography.X509Certificates;
using OmeSim.Contracts;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;
using OmeSim.Hosting;

namespace OmeSim.Migration;

/// <summary>The source's side of migration validation: the peer-chain check of the client chain the target presented, on the source's clock.</summary>
public static class MigrationPeer
{
    /// <param name="source">This appliance.</param>
    /// <param name="presented">The client certificates presented in this connection's TLS handshake, leaf first.</param>
    /// <param name="client">The peer's address, for the log.</param>
    public static (VerifyPeerBody? Body, OmeError? Error) Verify(ApplianceNode source, IReadOnlyList<X509Certificate2> presented, string client)
    {
        var result = source.Appliance.Served.CheckPeer(presented, source.Clock.GetUtcNow());
        var prefix = $"verifyPeer(): target {client}: ";
        if (!result.Passed)
        {
            source.Log.Error(MigrationClient.Logger, prefix + $"Unable to mutually authenticate: the source's check of the target's client chain failed ({result.Failure}): {result.Reason}");
            return (null, result.Error);
        }
        source.Log.Info(MigrationClient.Logger, prefix + $"the target's client chain ({result.PeerPath[0].Subject}, thumbprint {result.PeerPath[0].Thumbprint}) passed: {result.Reason}");
        return (new VerifyPeerBody(PeerCheckView.From(PeerCheckView.Source, source.Options.Name, result)), null);
    }
}
