using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Pki;

/// <summary>What <see cref="Provisioning.Provision"/> did: the chain the test CA issued and the appliance's verdict on it.</summary>
public sealed record ProvisionResult(IssuedChain? Chain, CertificateReport? Report, OmeError? Error)
{
    public bool Accepted => Error is null;
}
