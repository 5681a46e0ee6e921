using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;
using OmeSim.Core.Migration;
using OmeSim.Core.Pki;

namespace OmeSim.Core.Tests.Migration;

public class PeerChainCheckTests
{
    private static TestCa Ca => TestPki.Ca;

    private static readonly Lazy<IssuedChain> PeerGood = new(() => Ca.Issue(TestCa.Good, TestPki.PeerKey, "peer.example.com"));
    private static readonly Lazy<IssuedChain> PeerInterCa2 = new(() => Ca.Issue(TestCa.InterCa2Profile, TestPki.PeerKey, "peer.example.com"));

    private static IssuedChain Own => TestPki.Chain(TestCa.Good);

    /// <summary>What an appliance presents in the handshake: its chain without the root.</summary>
    private static X509Certificate2[] Presented(IssuedChain chain) => chain.Certificates.Take(chain.Certificates.Count - 1).ToArray();

    private static PeerChainResult Check(IssuedChain own, IssuedChain peer, DateTimeOffset? now = null) =>
        PeerChainCheck.Check(Presented(own), [Ca.Root], Presented(peer), now ?? DateTimeOffset.UtcNow);

    [Fact]
    public void Chains_from_the_same_ca_pass_both_ways()
    {
        var result = Check(Own, PeerGood.Value);

        Assert.True(result.Passed, result.Reason);
        Assert.Null(result.Error);
        Assert.True(Check(PeerGood.Value, Own).Passed);
        Assert.Equal(3, result.PeerPath.Count);
        Assert.Equal(["CN=peer.example.com", "CN=Inter-CA1", "O=OmeSim, CN=OmeSim Root CA"], result.PeerPath.Select(p => p.Subject));
        Assert.Equal(Own.Leaf.Thumbprint, result.OwnPath[0].Thumbprint);
    }

    [Fact]
    public void Inter_ca1_against_inter_ca2_fails_seen_from_either_side()
    {
        var fromSource = Check(Own, PeerInterCa2.Value);
        var fromTarget = Check(PeerInterCa2.Value, Own);

        Assert.Equal(PeerCheckFailure.Names, fromSource.Failure);
        Assert.Contains("level 1: issuer CN=Inter-CA1 (own) vs CN=Inter-CA2 (peer)", fromSource.Reason);
        Assert.Contains("level 2: subject CN=Inter-CA1 (own) vs CN=Inter-CA2 (peer)", fromSource.Reason);
        Assert.Equal(PeerCheckFailure.Names, fromTarget.Failure);
        Assert.Contains("level 1: issuer CN=Inter-CA2 (own) vs CN=Inter-CA1 (peer)", fromTarget.Reason);
        Assert.Equal("CMIG1001", fromSource.Error!.MessageId);
    }

    [Fact]
    public void A_peer_on_its_self_signed_factory_certificate_fails()
    {
        using var factory = FactoryCertificate.Create("peer.local", TestPki.PeerKey, TimeProvider.System);

        var result = PeerChainCheck.Check(Presented(Own), [Ca.Root], [factory], DateTimeOffset.UtcNow);

        Assert.Equal(PeerCheckFailure.PeerPath, result.Failure);
    }

    [Fact]
    public void An_appliance_on_its_factory_certificate_has_no_trusted_root_and_fails()
    {
        using var factory = FactoryCertificate.Create("own.local", TestPki.CsrKey, TimeProvider.System);

        var result = PeerChainCheck.Check([factory], [], Presented(PeerGood.Value), DateTimeOffset.UtcNow);

        Assert.Equal(PeerCheckFailure.NoTrustedRoot, result.Failure);
    }

    [Fact]
    public void A_peer_that_presents_nothing_fails()
    {
        Assert.Equal(PeerCheckFailure.NothingPresented, PeerChainCheck.Check(Presented(Own), [Ca.Root], [], DateTimeOffset.UtcNow).Failure);
    }

    [Fact]
    public void A_peer_that_presents_its_leaf_without_the_intermediate_fails()
    {
        var result = PeerChainCheck.Check(Presented(Own), [Ca.Root], [PeerGood.Value.Leaf], DateTimeOffset.UtcNow);

        Assert.Equal(PeerCheckFailure.PeerPath, result.Failure);
    }

    [Fact]
    public void Validity_is_judged_by_the_own_clock()
    {
        var peerLeafEnd = new DateTimeOffset(PeerGood.Value.Leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);

        Assert.True(Check(Own, PeerGood.Value, peerLeafEnd.AddMinutes(-1)).Passed);
        var late = Check(Own, PeerGood.Value, peerLeafEnd.AddMinutes(1));
        Assert.False(late.Passed);
        Assert.Contains("expired", late.Reason);
        Assert.Equal(peerLeafEnd.AddMinutes(1), late.CheckedAt);
    }

    [Fact]
    public void An_expired_or_not_yet_valid_peer_fails_today()
    {
        var expired = Check(Own, TestPki.Chain(TestCa.Expired));
        var early = Check(Own, TestPki.Chain(TestCa.NotYetValid));

        Assert.Equal(PeerCheckFailure.PeerPath, expired.Failure);
        Assert.Contains("expired", expired.Reason);
        Assert.Equal(PeerCheckFailure.PeerPath, early.Failure);
        Assert.Contains("not yet valid", early.Reason);
    }

    [Fact]
    public void An_expired_own_chain_fails()
    {
        var result = Check(TestPki.Chain(TestCa.Expired), PeerGood.Value);

        Assert.Equal(PeerCheckFailure.OwnPath, result.Failure);
    }

    [Fact]
    public void Paths_longer_than_ten_fail()
    {
        var own = TestPki.Chain(TestCa.Depth11);
        var peer = Ca.Issue(TestCa.Depth11, TestPki.PeerKey, "peer.example.com");

        var result = Check(own, peer);

        Assert.Equal(PeerCheckFailure.Depth, result.Failure);
        Assert.Equal(11, result.PeerPath.Count);
    }

    [Fact]
    public void Paths_of_different_length_fail()
    {
        using var subCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var interCa1 = X509Builder.Signer.From(TestFiles.InterCa1WithKey);
        var now = DateTimeOffset.UtcNow;
        var subCa = X509Builder.Create(
            new X509Builder.Spec(new X500DistinguishedName("CN=Sub-CA"), new PublicKey(subCaKey), now.AddDays(-1), now.AddDays(30))
            {
                IsCa = true,
                KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
            },
            interCa1);
        var leaf = X509Builder.Create(
            new X509Builder.Spec(new X500DistinguishedName("CN=peer.example.com"), new PublicKey(TestPki.PeerKey), now.AddDays(-1), now.AddDays(30))
            {
                KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
                Eku = TestFiles.ServerAndClient,
            },
            new X509Builder.Signer(subCa.SubjectName, X509SignatureGenerator.CreateForECDsa(subCaKey), TestFiles.KeyId(subCaKey)));

        var result = PeerChainCheck.Check(Presented(Own), [Ca.Root], [leaf, subCa, Ca.InterCa1], now);

        Assert.Equal(PeerCheckFailure.Length, result.Failure);
        Assert.Equal(4, result.PeerPath.Count);
    }

    [Fact]
    public void A_peer_under_another_root_fails()
    {
        using var otherCa = TestCa.Create();
        var peer = otherCa.Issue(TestCa.Good, TestPki.PeerKey, "peer.example.com");

        var result = Check(Own, peer);

        Assert.Equal(PeerCheckFailure.PeerPath, result.Failure);
        // Both roots are called OmeSim Root CA: the reason names both, told apart by thumbprint.
        Assert.EndsWith($" The peer's chain ends at CN=Inter-CA1, issued by O=OmeSim, CN=OmeSim Root CA; this appliance trusts "
            + $"O=OmeSim, CN=OmeSim Root CA (SHA-1 {Ca.Root.Thumbprint}), a root of that name that did not sign it: the chains come from different roots.",
            result.Reason);
        Assert.NotEqual(Ca.Root.Thumbprint, otherCa.Root.Thumbprint);
    }
}
