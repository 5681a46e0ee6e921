using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Core.Tests.Certificates;

public class CertificateRulesTests
{
    private static readonly byte[] CsrKey = TestPki.CsrKeySpki;

    private static CertificateReport Chain(string pem, byte[]? csrKey = null) =>
        CertificateRules.CheckChain(UploadReader.Read(TestPki.Bytes(pem)), csrKey ?? CsrKey);

    private static CertificateReport Single(string pem, byte[]? csrKey = null) =>
        CertificateRules.CheckSingle(UploadReader.Read(TestPki.Bytes(pem)), csrKey ?? CsrKey);

    private static CertificateReport ChainOf(string profile) => Chain(TestPki.Chain(profile).ToPem());

    private static void AssertAnswer(CertificateReport report, string messageId, params string[] args)
    {
        Assert.NotNull(report.FirstError);
        Assert.Equal(messageId, report.FirstError!.MessageId);
        Assert.Equal(args, report.FirstError.Args);
        Assert.Equal(400, report.FirstError.HttpStatus);
        var info = report.FirstError.ToEnvelope().Error.ExtendedInfo[0];
        Assert.Equal(OmeWords.MessageOf(messageId, args), info.Message);
        Assert.Equal(OmeWords.ById[messageId].Resolution, info.Resolution);
    }

    private static void AssertFails(CertificateReport report, string ruleId) =>
        Assert.Equal(RuleOutcome.Fail, report.Result(ruleId).Outcome);

    // Chain upload (UploadCertChain)

    [Fact]
    public void A_good_chain_is_accepted_and_ordered_leaf_intermediate_root()
    {
        var issued = TestPki.Chain(TestCa.Good);
        var report = Chain(issued.ToPem());

        Assert.Null(report.FirstError);
        Assert.All(report.Rules, r => Assert.Equal(RuleOutcome.Pass, r.Outcome));
        Assert.Equal(issued.Certificates.Select(c => c.Thumbprint), report.Chain.Select(c => c.Thumbprint));
        Assert.Equal(issued.Certificates[1].Thumbprint, Assert.Single(report.Presented.Skip(1)).Thumbprint);
        Assert.Equal(TestPki.Ca.Root.Thumbprint, report.Root!.Thumbprint);
        Assert.Equal([CertificateRole.Leaf, CertificateRole.Intermediate, CertificateRole.Root], report.Certificates.Select(c => c.Role));
    }

    [Fact]
    public void The_order_in_the_file_does_not_matter()
    {
        var issued = TestPki.Chain(TestCa.Good);
        var report = Chain(TestPki.Pem(issued.Certificates[2], issued.Certificates[0], issued.Certificates[1]));

        Assert.Null(report.FirstError);
        Assert.Equal(issued.Certificates.Select(c => c.Thumbprint), report.Chain.Select(c => c.Thumbprint));
        Assert.Equal([2, 3, 1], report.Certificates.Select(c => c.FilePosition));
    }

    [Theory]
    [InlineData(PemText.Pkcs7Label)]
    [InlineData(PemText.CertificateLabel)]
    public void A_pkcs7_bundle_of_a_good_chain_is_accepted(string label)
    {
        var report = Chain(TestFiles.Pkcs7Pem(TestPki.Chain(TestCa.Good).Certificates.Reverse(), label));

        Assert.Null(report.FirstError);
        Assert.Equal(3, report.Chain.Count);
    }

    [Theory]
    [InlineData(TestCa.InterCa2Profile)]
    [InlineData(TestCa.Expired)]
    [InlineData(TestCa.NotYetValid)]
    public void Chains_that_matter_only_at_migration_are_accepted_at_upload(string profile)
    {
        Assert.Null(ChainOf(profile).FirstError);
    }

    [Fact]
    public void A_file_that_is_not_pem_answers_csec9002()
    {
        var report = CertificateRules.CheckChain(UploadReader.Read(TestPki.Chain(TestCa.Good).Leaf.RawData), CsrKey);

        AssertAnswer(report, "CSEC9002");
        AssertFails(report, RuleIds.Encoding);
        Assert.All(report.Rules.Where(r => r.Id != RuleIds.Encoding), r => Assert.Equal(RuleOutcome.NotChecked, r.Outcome));
        Assert.Null(report.Leaf);
    }

    [Fact]
    public void A_leaf_with_another_key_answers_invalid_csr_key()
    {
        var report = ChainOf(TestCa.OtherKeyProfile);

        AssertAnswer(report, "CGEN1008", "Invalid CSR key.");
        AssertFails(report, RuleIds.CsrKey);
        Assert.Equal(RuleOutcome.Pass, report.Result(RuleIds.CompleteChain).Outcome);
    }

    [Fact]
    public void A_chain_for_another_appliances_csr_answers_invalid_csr_key()
    {
        AssertAnswer(Chain(TestPki.Chain(TestCa.Good).ToPem(), TestPki.PeerKey.ExportSubjectPublicKeyInfo()), "CGEN1008", "Invalid CSR key.");
    }

    [Theory]
    [InlineData(TestCa.MissingIntermediate)]
    [InlineData(TestCa.MissingRoot)]
    [InlineData(TestCa.Depth11)]
    public void Incomplete_or_too_long_chains_answer_invalid_certificate_chain(string profile)
    {
        AssertAnswer(ChainOf(profile), "CGEN1008", "Invalid certificate chain provided.");
    }

    [Fact]
    public void Eleven_certificates_fail_the_length_rule_while_the_path_itself_is_complete()
    {
        var report = ChainOf(TestCa.Depth11);

        AssertFails(report, RuleIds.ChainLength);
        Assert.Equal(RuleOutcome.Pass, report.Result(RuleIds.CompleteChain).Outcome);
    }

    [Fact]
    public void The_leaf_alone_is_no_chain()
    {
        var report = Chain(TestPki.Chain(TestCa.Good).LeafPem());

        AssertAnswer(report, "CGEN1008", "Invalid certificate chain provided.");
        AssertFails(report, RuleIds.CompleteChain);
    }

    [Fact]
    public void A_certificate_beyond_the_chain_makes_it_invalid()
    {
        var report = Chain(TestPki.Chain(TestCa.Good).ToPem() + TestPki.Pem(TestPki.Ca.InterCa2));

        AssertAnswer(report, "CGEN1008", "Invalid certificate chain provided.");
        Assert.Contains("not on the path", report.Result(RuleIds.CompleteChain).Detail);
        Assert.Equal(CertificateRole.NotOnPath, report.Certificates[^1].Role);
    }

    [Fact]
    public void A_duplicate_certificate_makes_the_chain_invalid()
    {
        var issued = TestPki.Chain(TestCa.Good);
        var report = Chain(issued.ToPem() + TestPki.Pem(issued.Certificates[1]));

        AssertAnswer(report, "CGEN1008", "Invalid certificate chain provided.");
        Assert.Contains("duplicate", report.Result(RuleIds.CompleteChain).Detail);
    }

    [Fact]
    public void Certificates_that_issue_each_other_in_a_cycle_make_the_chain_invalid()
    {
        using var keyA = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var keyB = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var a = TestFiles.CaCertificate("CN=Cycle-A", "CN=Cycle-B", keyA, keyB, TestFiles.KeyId(keyB));
        var b = TestFiles.CaCertificate("CN=Cycle-B", "CN=Cycle-A", keyB, keyA, TestFiles.KeyId(keyA));
        var inter = TestFiles.CaCertificate("CN=Inter-CA1", "CN=Cycle-A", TestFiles.EcKey, keyA, TestFiles.KeyId(keyA));
        // The leaf names Inter-CA1 as issuer, but the key id of the shared CA's Inter-CA1: re-issue a leaf under this one.
        var leafSigner = new X509Builder.Signer(inter.SubjectName, X509SignatureGenerator.CreateForECDsa(TestFiles.EcKey), TestFiles.KeyId(TestFiles.EcKey));
        var now = DateTimeOffset.UtcNow;
        var leaf = X509Builder.Create(
            new X509Builder.Spec(new X500DistinguishedName("CN=ome.example.com"), new PublicKey(TestPki.CsrKey), now, now.AddDays(1))
            {
                KeyUsage = X509KeyUsageFlags.KeyEncipherment,
                Eku = TestFiles.ServerAndClient,
            },
            leafSigner);

        var report = Chain(TestPki.Pem(leaf, inter, a, b));

        AssertAnswer(report, "CGEN1008", "Invalid certificate chain provided.");
        Assert.Contains("cycle", report.Result(RuleIds.CompleteChain).Detail);
    }

    [Fact]
    public void A_forged_intermediate_whose_signature_does_not_verify_makes_the_chain_invalid()
    {
        var issued = TestPki.Chain(TestCa.Good);
        var rootKeyId = X509Builder.KeyIdentifierOf(TestPki.Ca.Root);
        // Inter-CA1 by name, key and key identifiers, but signed by a key that is not the root's.
        var forged = TestFiles.CaCertificate("CN=Inter-CA1", TestPki.Ca.Root.Subject, TestPki.Ca.InterCa1.PublicKey, TestFiles.EcKey, rootKeyId);

        var report = Chain(TestPki.Pem(issued.Leaf, forged, TestPki.Ca.Root));

        AssertAnswer(report, "CGEN1008", "Invalid certificate chain provided.");
        AssertFails(report, RuleIds.IssuedToIssuedBy);
    }

    [Theory]
    [InlineData(TestCa.NoCn)]
    [InlineData(TestCa.WildcardCn)]
    public void A_leaf_without_common_name_or_with_a_wildcard_answers_common_name_not_found(string profile)
    {
        var report = ChainOf(profile);

        AssertAnswer(report, "CGEN1008", "Common name not found in leaf certificate.");
        AssertFails(report, RuleIds.CommonName);
    }

    [Fact]
    public void A_leaf_with_server_authentication_only_answers_no_client_server_eku()
    {
        AssertAnswer(ChainOf(TestCa.ServerOnlyEku), "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.");
    }

    [Fact]
    public void A_leaf_without_an_eku_extension_lacks_both_authentications()
    {
        var report = Chain(TestPki.Pem(TestFiles.CustomLeaf(eku: null), TestPki.Ca.InterCa1, TestPki.Ca.Root));

        AssertAnswer(report, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.");
        Assert.Contains("no extended key usage", report.Result(RuleIds.ExtendedKeyUsage).Detail);
    }

    [Fact]
    public void A_leaf_without_key_encipherment_answers_not_a_web_server_certificate()
    {
        AssertAnswer(ChainOf(TestCa.NoKeyEncipherment), "CGEN1008", "User Certificate is not a web server certificate.");
    }

    [Fact]
    public void A_leaf_without_a_key_usage_extension_lacks_key_encipherment()
    {
        var leaf = TestFiles.CustomLeaf(keyUsage: null, eku: TestFiles.ServerAndClient);

        AssertAnswer(Chain(TestPki.Pem(leaf, TestPki.Ca.InterCa1, TestPki.Ca.Root)), "CGEN1008", "User Certificate is not a web server certificate.");
    }

    [Fact]
    public void The_first_failure_follows_omes_order_and_every_failure_is_reported()
    {
        // Wildcard + server-only EKU + no key encipherment, and the root missing.
        var leaf = TestFiles.CustomLeaf("*.example.com", X509KeyUsageFlags.DigitalSignature, [X509Builder.ServerAuthOid]);

        var withoutRoot = Chain(TestPki.Pem(leaf, TestPki.Ca.InterCa1));
        AssertAnswer(withoutRoot, "CGEN1008", "Invalid certificate chain provided.");
        foreach (var rule in new[] { RuleIds.CompleteChain, RuleIds.CommonName, RuleIds.ExtendedKeyUsage, RuleIds.KeyUsage })
        {
            AssertFails(withoutRoot, rule);
        }

        var complete = Chain(TestPki.Pem(leaf, TestPki.Ca.InterCa1, TestPki.Ca.Root));
        AssertAnswer(complete, "CGEN1008", "Common name not found in leaf certificate.");

        var named = TestFiles.CustomLeaf(TestPki.ApplianceName, X509KeyUsageFlags.DigitalSignature, [X509Builder.ServerAuthOid]);
        AssertAnswer(
            Chain(TestPki.Pem(named, TestPki.Ca.InterCa1, TestPki.Ca.Root)), "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.");

        var otherKeyMissingRoot = TestPki.Chain(TestCa.OtherKeyProfile).Certificates.Take(2).ToArray();
        AssertAnswer(Chain(TestPki.Pem(otherKeyMissingRoot)), "CGEN1008", "Invalid CSR key.");
    }

    [Fact]
    public void A_chain_that_does_not_validate_answers_invalid_chain_before_its_leafs_own_failures()
    {
        // Inter-CA1 by name and key but signed by another key; the leaf has a wildcard, Server Authentication alone, no Key Encipherment.
        var forged = TestFiles.CaCertificate(
            "CN=Inter-CA1", TestPki.Ca.Root.Subject, TestPki.Ca.InterCa1.PublicKey, TestFiles.EcKey, X509Builder.KeyIdentifierOf(TestPki.Ca.Root));
        var leaf = TestFiles.CustomLeaf("*.example.com", X509KeyUsageFlags.DigitalSignature, [X509Builder.ServerAuthOid]);

        var report = Chain(TestPki.Pem(leaf, forged, TestPki.Ca.Root));

        AssertAnswer(report, "CGEN1008", "Invalid certificate chain provided.");
        Assert.Equal(RuleOutcome.Pass, report.Result(RuleIds.CompleteChain).Outcome);
        foreach (var rule in new[] { RuleIds.IssuedToIssuedBy, RuleIds.CommonName, RuleIds.ExtendedKeyUsage, RuleIds.KeyUsage })
        {
            AssertFails(report, rule);
        }
    }

    [Fact]
    public void A_single_certificate_with_several_failures_gets_the_first_in_omes_order()
    {
        // Wildcard + Client Authentication alone + no Key Encipherment.
        var leaf = TestFiles.CustomLeaf("*.example.com", X509KeyUsageFlags.DigitalSignature, [X509Builder.ClientAuthOid]);

        var otherKey = Single(TestPki.Pem(leaf), TestPki.PeerKey.ExportSubjectPublicKeyInfo());
        AssertAnswer(otherKey, "CGEN1008", "Invalid CSR key.");
        foreach (var rule in new[] { RuleIds.CsrKey, RuleIds.CommonName, RuleIds.ExtendedKeyUsage, RuleIds.KeyUsage })
        {
            AssertFails(otherKey, rule);
        }

        AssertAnswer(Single(TestPki.Pem(leaf)), "CGEN1008", "Common name not found in leaf certificate.");

        // The EKU answer comes before key usage's CSEC9002.
        var named = TestFiles.CustomLeaf(TestPki.ApplianceName, X509KeyUsageFlags.DigitalSignature, [X509Builder.ClientAuthOid]);
        AssertAnswer(Single(TestPki.Pem(named)), "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.");
    }

    [Fact]
    public void Without_the_csr_key_the_leaf_is_the_non_ca_certificate_that_issues_no_other()
    {
        var issued = TestPki.Chain(TestCa.Good);
        var read = UploadReader.Read(TestPki.Bytes(TestPki.Pem(issued.Certificates[1], issued.Certificates[2], issued.Certificates[0])));

        var report = CertificateRules.CheckChain(read, null);

        Assert.Null(report.FirstError);
        Assert.Equal(RuleOutcome.NotChecked, report.Result(RuleIds.CsrKey).Outcome);
        Assert.Equal(issued.Leaf.Thumbprint, report.Leaf!.Thumbprint);
    }

    [Fact]
    public void Validity_dates_are_reported_for_every_certificate()
    {
        var issued = TestPki.Chain(TestCa.Expired);
        var report = Chain(issued.ToPem());

        Assert.Equal(3, report.Certificates.Count);
        Assert.Equal(issued.Leaf.NotAfter.ToUniversalTime(), report.Certificates[0].NotAfter.UtcDateTime);
        Assert.True(report.Certificates[0].NotAfter < DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Every_rule_carries_the_requirement_a_detail_and_the_articles_fix()
    {
        var report = ChainOf(TestCa.Good);

        Assert.Equal(RuleIds.All, report.Rules.Select(r => r.Id));
        Assert.All(report.Rules, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Requirement));
            Assert.False(string.IsNullOrWhiteSpace(r.Detail));
            Assert.False(string.IsNullOrWhiteSpace(r.Fix));
        });
    }

    // Single certificate (UploadCertificate)

    [Fact]
    public void A_good_single_certificate_is_accepted()
    {
        var report = Single(TestPki.Chain(TestCa.Good).LeafPem());

        Assert.Null(report.FirstError);
        Assert.Equal(UploadKind.Single, report.Kind);
        Assert.Equal(RuleOutcome.NotChecked, report.Result(RuleIds.CompleteChain).Outcome);
        Assert.Null(report.Root);
    }

    [Fact]
    public void A_single_upload_of_a_whole_chain_takes_the_leaf_alone()
    {
        var issued = TestPki.Chain(TestCa.Good);
        var report = Single(TestPki.Pem(issued.Certificates[2], issued.Certificates[1], issued.Certificates[0]));

        Assert.Null(report.FirstError);
        Assert.Equal(issued.Leaf.Thumbprint, Assert.Single(report.Chain).Thumbprint);
    }

    [Fact]
    public void A_single_certificate_that_is_not_pem_answers_csec9002()
    {
        AssertAnswer(CertificateRules.CheckSingle(UploadReader.Read(TestPki.Chain(TestCa.Good).Leaf.RawData), CsrKey), "CSEC9002");
    }

    [Fact]
    public void A_single_certificate_with_another_key_answers_invalid_csr_key()
    {
        AssertAnswer(Single(TestPki.Chain(TestCa.OtherKeyProfile).LeafPem()), "CGEN1008", "Invalid CSR key.");
    }

    [Theory]
    [InlineData(TestCa.NoCn)]
    [InlineData(TestCa.WildcardCn)]
    public void A_single_certificate_without_common_name_or_with_a_wildcard_answers_common_name_not_found(string profile)
    {
        AssertAnswer(Single(TestPki.Chain(profile).LeafPem()), "CGEN1008", "Common name not found in leaf certificate.");
    }

    [Fact]
    public void A_single_certificate_needs_server_authentication_only()
    {
        Assert.Null(Single(TestPki.Chain(TestCa.ServerOnlyEku).LeafPem()).FirstError);
    }

    [Fact]
    public void A_single_certificate_without_server_authentication_answers_no_client_server_eku()
    {
        var leaf = TestFiles.CustomLeaf(eku: [X509Builder.ClientAuthOid]);

        AssertAnswer(Single(TestPki.Pem(leaf)), "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.");
    }

    [Fact]
    public void A_single_certificate_without_key_encipherment_answers_csec9002_with_no_arguments()
    {
        var report = Single(TestPki.Chain(TestCa.NoKeyEncipherment).LeafPem());

        AssertAnswer(report, "CSEC9002");
        Assert.Contains("single server certificate", report.Result(RuleIds.KeyUsage).Fix);
    }

    [Theory]
    [InlineData(TestCa.MissingIntermediate)]
    [InlineData(TestCa.MissingRoot)]
    [InlineData(TestCa.Expired)]
    public void A_single_certificate_is_not_judged_as_a_chain(string profile)
    {
        Assert.Null(Single(TestPki.Chain(profile).LeafPem()).FirstError);
    }

    // Absent extensions: RFC 5280 for a single certificate, the strict reading for a chain (CertificateRules.ChainLeafNeedsExtensions)

    [Fact]
    public void A_single_certificate_with_key_usage_and_no_eku_extension_is_accepted_as_openssl_v3_req_signs_it()
    {
        var report = Single(TestPki.Chain(TestCa.NoEku).LeafPem());

        Assert.Null(report.FirstError);
        Assert.Equal(RuleOutcome.Pass, report.Result(RuleIds.ExtendedKeyUsage).Outcome);
        Assert.Contains("no extended key usage extension, which restricts nothing (RFC 5280, 4.2.1.12)", report.Result(RuleIds.ExtendedKeyUsage).Detail);
    }

    [Fact]
    public void A_single_certificate_without_a_key_usage_extension_is_accepted()
    {
        var report = Single(TestPki.Pem(TestFiles.CustomLeaf(keyUsage: null, eku: [X509Builder.ServerAuthOid])));

        Assert.Null(report.FirstError);
        Assert.Equal(RuleOutcome.Pass, report.Result(RuleIds.KeyUsage).Outcome);
        Assert.Contains("no key usage extension, which restricts nothing (RFC 5280, 4.2.1.3)", report.Result(RuleIds.KeyUsage).Detail);
    }

    [Fact]
    public void A_single_x509_v1_certificate_without_any_extension_is_accepted()
    {
        var report = Single(TestPki.Chain(TestCa.V1NoExtensions).LeafPem());

        Assert.Null(report.FirstError);
        Assert.Equal(RuleOutcome.Pass, report.Result(RuleIds.ExtendedKeyUsage).Outcome);
        Assert.Equal(RuleOutcome.Pass, report.Result(RuleIds.KeyUsage).Outcome);
    }

    [Theory]
    [InlineData(TestCa.NoEku)]
    [InlineData(TestCa.V1NoExtensions)]
    public void A_chain_whose_leaf_has_no_eku_extension_answers_no_client_server_eku_and_the_fix_says_why_a_single_one_passes(string profile)
    {
        var report = ChainOf(profile);

        AssertAnswer(report, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.");
        Assert.EndsWith(
            "A single certificate without EKU is accepted; a chain's leaf must carry Server and Client Authentication.",
            report.Result(RuleIds.ExtendedKeyUsage).Fix);
    }

    [Fact]
    public void A_chain_whose_leaf_has_no_key_usage_extension_is_still_refused_as_not_a_web_server_certificate()
    {
        var leaf = TestFiles.CustomLeaf(keyUsage: null, eku: TestFiles.ServerAndClient);

        var report = Chain(TestPki.Pem(leaf, TestPki.Ca.InterCa1, TestPki.Ca.Root));

        AssertAnswer(report, "CGEN1008", "User Certificate is not a web server certificate.");
        Assert.EndsWith("A single certificate without key usage is accepted; a chain's leaf must list Key Encipherment.", report.Result(RuleIds.KeyUsage).Fix);
    }

    [Fact]
    public void A_single_certificate_whose_key_usage_lacks_key_encipherment_still_answers_csec9002()
    {
        var leaf = TestFiles.CustomLeaf(keyUsage: X509KeyUsageFlags.DigitalSignature, eku: null);

        AssertAnswer(Single(TestPki.Pem(leaf)), "CSEC9002");
    }

    [Fact]
    public void A_single_certificate_whose_eku_is_client_authentication_alone_still_answers_no_client_server_eku()
    {
        var report = Single(TestPki.Pem(TestFiles.CustomLeaf(eku: [X509Builder.ClientAuthOid])));

        AssertAnswer(report, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.");
        Assert.Contains("or the certificate must have no extended key usage extension", report.Result(RuleIds.ExtendedKeyUsage).Fix);
    }

    /// <summary>Every test-CA profile with the answer the rules give it, for the chain (UploadCertChain) and the leaf alone (UploadCertificate).</summary>
    public static TheoryData<string, string, string, string, string> ProfileAnswers => new()
    {
        { TestCa.Good, "", "", "", "" },
        { TestCa.ServerOnlyEku, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.", "", "" },
        { TestCa.NoKeyEncipherment, "CGEN1008", "User Certificate is not a web server certificate.", "CSEC9002", "" },
        { TestCa.NoCn, "CGEN1008", "Common name not found in leaf certificate.", "CGEN1008", "Common name not found in leaf certificate." },
        { TestCa.WildcardCn, "CGEN1008", "Common name not found in leaf certificate.", "CGEN1008", "Common name not found in leaf certificate." },
        { TestCa.MissingIntermediate, "CGEN1008", "Invalid certificate chain provided.", "", "" },
        { TestCa.MissingRoot, "CGEN1008", "Invalid certificate chain provided.", "", "" },
        { TestCa.InterCa2Profile, "", "", "", "" },
        { TestCa.Depth11, "CGEN1008", "Invalid certificate chain provided.", "", "" },
        { TestCa.OtherKeyProfile, "CGEN1008", "Invalid CSR key.", "CGEN1008", "Invalid CSR key." },
        { TestCa.Expired, "", "", "", "" },
        { TestCa.NotYetValid, "", "", "", "" },
        { TestCa.NoEku, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.", "", "" },
        { TestCa.V1NoExtensions, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.", "", "" },
        { TestCa.BadSignature, "CGEN1008", "Invalid certificate chain provided.", "", "" },
        { TestCa.BmpStringNames, "", "", "", "" },
        { TestCa.T61StringNames, "", "", "", "" },
        { TestCa.NonCriticalKeyUsage, "", "", "", "" },
        {
            TestCa.AnyEku, "CGEN1008", "No Client/Server authentication EKU present in leaf certificate.",
            "CGEN1008", "No Client/Server authentication EKU present in leaf certificate."
        },
    };

    [Fact]
    public void The_answer_table_names_every_profile()
    {
        Assert.Equal(TestCa.Profiles.Order(), ProfileAnswers.Select(row => (string)row[0]).Order());
    }

    [Theory]
    [MemberData(nameof(ProfileAnswers))]
    public void Each_profile_gets_its_answer_as_a_chain_and_as_a_single_certificate(
        string profile, string chainId, string chainArg, string singleId, string singleArg)
    {
        var issued = TestPki.Chain(profile);
        AssertAnswerOrAccepted(Chain(issued.ToPem()), chainId, chainArg);
        AssertAnswerOrAccepted(Single(issued.LeafPem()), singleId, singleArg);
    }

    private static void AssertAnswerOrAccepted(CertificateReport report, string messageId, string arg)
    {
        if (messageId.Length == 0)
        {
            Assert.True(report.Accepted, report.FirstError?.ToJson());
            return;
        }
        AssertAnswer(report, messageId, arg.Length == 0 ? [] : [arg]);
    }
}
