using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Appliances;
using OmeSim.Core.Messages;
using OmeSim.Logging;

namespace OmeSim.OmeApi.Migration;

/// <summary>The source's side of migration validation: the peer-chain check of the client chain the target presented, on the source's clock.</summary>
public sealed class MigrationPeer(Appliance source, ApplicationLog log, MigrationSettings settings)
{
    /// <param name="presented">The client certificates presented in this connection's TLS handshake, leaf first.</param>
    /// <param name="client">The peer's address, for the log.</param>
    /// <returns>The answer's body (with the error envelope when the check failed) and the error, null when it passed.</returns>
    public (object Body, OmeError? Error) Verify(IReadOnlyList<X509Certificate2> presented, string client)
    {
        var result = source.Served.CheckPeer(presented, source.Clock.GetUtcNow());
        var view = PeerCheckView.From(PeerCheckView.Source, settings.ApplianceName, result);
        var prefix = $"verifyPeer(): target {client}: ";
        if (!result.Passed)
        {
            log.Error(MigrationClient.Logger, prefix + $"Unable to mutually authenticate: the source's check of the target's client chain failed: "
                    + result.Reason);
            var error = result.Error!;
            return (new VerifyPeerRefusal(error.ToEnvelope().Error, view), error);
        }
        log.Info(MigrationClient.Logger, prefix + $"the target's client chain ({result.PeerPath[0].Subject}, thumbprint "
                + $"{result.PeerPath[0].Thumbprint}) passed: {result.Reason}");
        return (new VerifyPeerBody(view), null);
    }
}
