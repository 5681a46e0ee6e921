using System.Text.Json;
using OmeSim.Cli;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Tests.Cli;

public class ChainCheckReportTests
{
    private static byte[] File(string profile) => TestPki.Bytes(TestPki.Chain(profile).ToPem());

    private static readonly Lazy<byte[]> PeerGood = new(() => TestPki.Bytes(TestPki.Ca.Issue(TestCa.Good, TestPki.PeerKey, "peer.example.com").ToPem()));
    private static readonly Lazy<byte[]> PeerInterCa2 =
        new(() => TestPki.Bytes(TestPki.Ca.Issue(TestCa.InterCa2Profile, TestPki.PeerKey, "peer.example.com").ToPem()));

    [Fact]
    public void A_good_chain_exits_0_and_every_requirement_passes()
    {
        var report = ChainCheckReport.Run(File(TestCa.Good), TestPki.CsrKeySpki);

        Assert.Equal(0, report.ExitCode);
        var text = ChainCheckText.Render(report);
        Assert.Equal(RuleIds.All.Count, CountLines(text, "  PASS  "));
        Assert.Contains("HTTP 200 (accepted)", text);
        Assert.Null(report.Migration);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void The_verdict_equals_the_rules_first_error_for_every_profile(string profile)
    {
        var file = File(profile);
        foreach (var single in new[] { false, true })
        {
            var report = ChainCheckReport.Run(file, TestPki.CsrKeySpki, single);
            var rules = single
                ? CertificateRules.CheckSingle(UploadReader.Read(file), TestPki.CsrKeySpki)
                : CertificateRules.CheckChain(UploadReader.Read(file), TestPki.CsrKeySpki);

            Assert.Equal(rules.FirstError?.ToJson(), report.Upload.FirstError?.ToJson());
            Assert.Equal(rules.Accepted ? 0 : 1, report.ExitCode);
            if (rules.FirstError is { } error)
            {
                Assert.Contains(error.ToJson(), ChainCheckText.Render(report));
            }
        }
    }

    public static TheoryData<string> ProfileNames()
    {
        var data = new TheoryData<string>();
        foreach (var profile in TestCa.Profiles)
        {
            data.Add(profile);
        }
        return data;
    }

    [Fact]
    public void A_failing_rule_shows_fail_and_the_articles_fix()
    {
        var text = ChainCheckText.Render(ChainCheckReport.Run(File(TestCa.ServerOnlyEku), TestPki.CsrKeySpki));

        Assert.Contains("  FAIL  Extended key usage", text);
        Assert.Contains("Fix: The certificate must include both Server Authentication and Client Authentication in its extended key usage. "
            + "If either is missing, make sure both are enabled in the template used to generate the certificate.", text);
        Assert.Contains("No Client/Server authentication EKU present in leaf certificate.", text);
        Assert.Contains("(exit 1)", text);
    }

    [Fact]
    public void Without_the_csr_key_the_csr_rule_reads_not_applicable()
    {
        var report = ChainCheckReport.Run(File(TestCa.Good), null);

        Assert.Equal(0, report.ExitCode);
        Assert.Contains("  N/A   CSR key match", ChainCheckText.Render(report));
    }

    [Fact]
    public void A_peer_under_the_same_ca_exits_0_and_inter_ca2_exits_2()
    {
        var same = ChainCheckReport.Run(File(TestCa.Good), TestPki.CsrKeySpki, peerFile: PeerGood.Value);
        var other = ChainCheckReport.Run(File(TestCa.Good), TestPki.CsrKeySpki, peerFile: PeerInterCa2.Value);

        Assert.Equal(0, same.ExitCode);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("level 1: issuer CN=Inter-CA1 (own) vs CN=Inter-CA2 (peer)", ChainCheckText.Render(other));
        Assert.Contains("CMIG1001", ChainCheckText.Render(other));
    }

    [Fact]
    public void A_date_past_the_leafs_end_exits_2_and_one_before_it_exits_0()
    {
        var leaf = TestPki.Chain(TestCa.Good).Leaf;
        var end = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);

        Assert.Equal(0, ChainCheckReport.Run(File(TestCa.Good), TestPki.CsrKeySpki, at: end.AddDays(-1)).ExitCode);
        var late = ChainCheckReport.Run(File(TestCa.Good), TestPki.CsrKeySpki, at: end.AddDays(1));
        Assert.Equal(2, late.ExitCode);
        Assert.Equal(ValidityStatus.Expired, late.Certificates[0].ValidAt);
        Assert.Contains("EXPIRED", ChainCheckText.Render(late));
    }

    [Fact]
    public void An_expired_chain_uploads_but_exits_2_when_a_date_is_given()
    {
        Assert.Equal(0, ChainCheckReport.Run(File(TestCa.Expired), TestPki.CsrKeySpki).ExitCode);
        Assert.Equal(2, ChainCheckReport.Run(File(TestCa.Expired), TestPki.CsrKeySpki, at: DateTimeOffset.UtcNow).ExitCode);
        Assert.Equal(2, ChainCheckReport.Run(File(TestCa.NotYetValid), TestPki.CsrKeySpki, at: DateTimeOffset.UtcNow).ExitCode);
    }

    [Fact]
    public void A_single_certificate_cannot_migrate()
    {
        var report = ChainCheckReport.Run(File(TestCa.Good), TestPki.CsrKeySpki, single: true, peerFile: PeerGood.Value);

        Assert.Equal(2, report.ExitCode);
        Assert.Contains("no trusted root", report.Migration!.Reason);
    }

    [Fact]
    public void The_json_report_carries_omes_answer_in_its_envelope()
    {
        var json = ChainCheckReport.Run(File(TestCa.NoKeyEncipherment), TestPki.CsrKeySpki, peerFile: PeerGood.Value).ToJson();

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("UploadCertChain", root.GetProperty("Upload").GetString());
        Assert.False(root.GetProperty("UploadAccepted").GetBoolean());
        Assert.Equal(400, root.GetProperty("HttpStatus").GetInt32());
        var info = root.GetProperty("Answer").GetProperty("error").GetProperty("@Message.ExtendedInfo")[0];
        Assert.Equal("CGEN1008", info.GetProperty("MessageId").GetString());
        Assert.Equal("User Certificate is not a web server certificate.", info.GetProperty("MessageArgs")[0].GetString());
        Assert.Equal("Fail", root.GetProperty("Rules")[3].GetProperty("Outcome").GetString());
        Assert.Equal("Leaf", root.GetProperty("Certificates")[0].GetProperty("Role").GetString());
        Assert.True(root.GetProperty("Migration").GetProperty("PeerCheck").GetProperty("Passed").GetBoolean());
        Assert.Equal(1, root.GetProperty("ExitCode").GetInt32());
    }

    [Fact]
    public void An_unreadable_file_exits_1_with_csec9002()
    {
        var report = ChainCheckReport.Run(TestPki.Chain(TestCa.Good).Leaf.RawData, TestPki.CsrKeySpki);

        Assert.Equal(1, report.ExitCode);
        Assert.Contains("\"MessageId\":\"CSEC9002\"", ChainCheckText.Render(report));
        Assert.Contains("  FAIL  Certificate encoding", ChainCheckText.Render(report));
    }

    private static int CountLines(string text, string prefix) => text.Split('\n').Count(l => l.StartsWith(prefix, StringComparison.Ordinal));
}
