using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using OmeSim.Cli;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Tests.Cli;

public sealed class CheckCommandTests : IDisposable
{
    private static readonly Lazy<RSA> LazyKey = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> LazyPeerKey = new(() => RSA.Create(2048));

    private readonly string _directory = Directory.CreateTempSubdirectory("omesim-check-").FullName;

    private static TestCa Ca => TestPki.Ca;

    private static string OmeFormCsr => CsrBuilder.Create(new CsrFields("ome.example.com", Country: "US"), LazyKey.Value);

    public void Dispose() => Directory.Delete(_directory, true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Chain(string profile) => Write(profile + ".pem", Ca.Sign(OmeFormCsr, profile).ToPem());

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CheckCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_good_chain_with_the_csr_in_omes_form_exits_0()
    {
        var (exit, output, _) = Run(Chain(TestCa.Good), "--csr", Write("csr.txt", OmeFormCsr));

        Assert.Equal(0, exit);
        Assert.Contains("  PASS  CSR key match", output);
        Assert.Contains("HTTP 200 (accepted)", output);
    }

    [Fact]
    public void A_good_chain_checked_with_the_private_key_exits_0()
    {
        var (exit, _, _) = Run(Chain(TestCa.Good), "--key", Write("key.pem", LazyKey.Value.ExportRSAPrivateKeyPem()));

        Assert.Equal(0, exit);
    }

    [Theory]
    [InlineData(TestCa.OtherKeyProfile, false)]
    [InlineData(TestCa.MissingRoot, false)]
    [InlineData(TestCa.WildcardCn, false)]
    [InlineData(TestCa.ServerOnlyEku, false)]
    [InlineData(TestCa.NoKeyEncipherment, false)]
    [InlineData(TestCa.NoKeyEncipherment, true)]
    [InlineData(TestCa.Good, true)]
    public void The_verdict_is_the_rules_first_error(string profile, bool single)
    {
        var file = Chain(profile);
        var csr = Write("csr.txt", OmeFormCsr);
        var read = UploadReader.Read(File.ReadAllBytes(file));
        var csrKey = PemText.PublicKeyOfCsr(OmeFormCsr);
        var expected = (single ? CertificateRules.CheckSingle(read, csrKey) : CertificateRules.CheckChain(read, csrKey)).FirstError;

        var (exit, output, _) = Run(single ? [file, "--csr", csr, "--single", "--json"] : [file, "--csr", csr, "--json"]);

        Assert.Equal(expected is null ? 0 : 1, exit);
        using var document = JsonDocument.Parse(output);
        var answer = document.RootElement.GetProperty("Answer");
        Assert.Equal(expected is null ? "null" : JsonSerializer.Serialize(expected.ToEnvelope(), OmeSim.Core.Messages.OmeJson.Options), answer.GetRawText());
    }

    /// <summary>What <c>openssl x509 -req</c> without an extension file gives: Dell's TestCertPos uploads it with UploadCertificate.</summary>
    [Fact]
    public void An_x509_v1_leaf_without_extensions_passes_the_single_check_and_the_chain_check_says_why_it_differs()
    {
        var csr = Write("csr.txt", OmeFormCsr);
        var issued = Ca.Sign(File.ReadAllText(csr), TestCa.V1NoExtensions);
        var leaf = Write("leaf.pem", issued.LeafPem());
        var chain = Write("chain.pem", issued.ToPem());

        var single = Run(leaf, "--csr", csr, "--single");
        var asChain = Run(chain, "--csr", csr);

        Assert.Equal(0, single.Exit);
        Assert.Contains("  PASS  Extended key usage: ", single.Out);
        Assert.Contains("        The certificate has no extended key usage extension, which restricts nothing (RFC 5280, 4.2.1.12).", single.Out);
        Assert.Contains("        The certificate has no key usage extension, which restricts nothing (RFC 5280, 4.2.1.3).", single.Out);
        Assert.Contains("HTTP 200 (accepted)", single.Out);
        Assert.Equal(1, asChain.Exit);
        Assert.Contains("A single certificate without EKU is accepted; a chain's leaf must carry Server and Client Authentication.", asChain.Out);
        Assert.Contains(
            "HTTP 400  {\"error\":{\"code\":\"Base.1.0.GeneralError\",\"message\":\"A general error has occurred. See ExtendedInfo for more information.\","
            + "\"@Message.ExtendedInfo\":[{\"MessageId\":\"CGEN1008\",\"RelatedProperties\":[],"
            + "\"Message\":\"Unable to process the request because an error occurred.\","
            + "\"MessageArgs\":[\"No Client/Server authentication EKU present in leaf certificate.\"],\"Severity\":\"Critical\","
            + "\"Resolution\":\"Retry the operation. If the issue persists, contact your system administrator.\"}]}}",
            asChain.Out);
    }

    [Fact]
    public void A_peer_under_another_intermediate_exits_2()
    {
        var peer = Write("peer.pem", Ca.Issue(TestCa.InterCa2Profile, LazyPeerKey.Value, "peer.example.com").ToPem());

        var (exit, output, _) = Run(Chain(TestCa.Good), "--csr", Write("csr.txt", OmeFormCsr), "--peer", peer);

        Assert.Equal(2, exit);
        Assert.Contains("level 1: issuer CN=Inter-CA1 (own) vs CN=Inter-CA2 (peer)", output);
    }

    [Fact]
    public void A_peer_under_the_same_intermediate_exits_0()
    {
        var peer = Write("peer.pem", Ca.Issue(TestCa.Good, LazyPeerKey.Value, "peer.example.com").ToPem());

        Assert.Equal(0, Run(Chain(TestCa.Good), "--peer", peer).Exit);
    }

    [Fact]
    public void A_date_after_expiry_exits_2()
    {
        Assert.Equal(2, Run(Chain(TestCa.Good), "--at", DateTime.UtcNow.AddYears(3).ToString("yyyy-MM-dd")).Exit);
        Assert.Equal(0, Run(Chain(TestCa.Good), "--at", DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ")).Exit);
    }

    [Fact]
    public void A_der_file_exits_1_with_csec9002()
    {
        var path = Path.Combine(_directory, "leaf.der");
        File.WriteAllBytes(path, Ca.Sign(OmeFormCsr, TestCa.Good).Leaf.RawData);

        var (exit, output, _) = Run(path);

        Assert.Equal(1, exit);
        Assert.Contains("CSEC9002", output);
    }

    [Fact]
    public void No_file_given_exits_3_could_not_run_with_one_line_not_the_refusal_code_1()
    {
        var (exit, output, error) = Run();

        Assert.Equal(3, exit);
        Assert.Equal("", output);
        Assert.Equal("check: give the certificate file to check, e.g. omesim check chain.pem (omesim check --help lists the options).",
            error.TrimEnd('\n', '\r'));
    }

    [Fact]
    public void The_refusal_verdict_ends_in_one_full_stop_and_a_missing_root_keeps_the_intermediate_on_the_path()
    {
        var (exit, output, _) = Run(Chain(TestCa.MissingRoot), "--csr", Write("csr.txt", OmeFormCsr));

        Assert.Equal(1, exit);
        var verdict = output.Split('\n').Single(l => l.StartsWith("Verdict: ", StringComparison.Ordinal)).TrimEnd('\r');
        Assert.Equal("Verdict: the upload would be refused with CGEN1008: Invalid certificate chain provided (exit 1).", verdict);
        Assert.DoesNotContain("..", output);
        Assert.DoesNotContain("not on", output);
        Assert.Matches(@"(?m)^  #2   intermediate  CN=Inter-CA1\r?$", output);
    }

    [Fact]
    public void Names_read_as_openssl_lists_them_and_two_certificates_are_both()
    {
        var csr = CsrBuilder.Create(new CsrFields("ome.example.com", "IT", "Example", "Round Rock", "Texas", "US", "admin@example.com"), LazyKey.Value);
        var issued = Ca.Sign(csr, TestCa.Good);

        var (exit, output, _) = Run(Write("chain.pem", issued.ToPem()), "--csr", Write("csr.txt", csr));

        Assert.Equal(0, exit);
        Assert.Contains("  #1   leaf          C=US, ST=Texas, L=Round Rock, O=Example, OU=IT, CN=ome.example.com, emailAddress=admin@example.com", output);
        Assert.Contains("       issued by     CN=Inter-CA1", output);
        Assert.Contains("  #3   root          O=OmeSim, CN=OmeSim Root CA", output);
        Assert.DoesNotContain("S=Texas", output);
        Assert.DoesNotContain("E=admin", output);
        Assert.DoesNotContain("All 3", output);
        Assert.Contains("Each of the 3 certificates has a common name without a wildcard.", output);
    }

    [Fact]
    public void Unusable_input_exits_3_with_a_message()
    {
        var good = Chain(TestCa.Good);

        Assert.Equal(3, Run(Path.Combine(_directory, "missing.pem")).Exit);
        Assert.Equal(3, Run(good, "--at", "next tuesday").Exit);
        Assert.Equal(3, Run(good, "--csr", Write("bad-csr.txt", "not a csr")).Exit);
        var (exit, _, error) = Run(good, "--csr", Write("csr.txt", OmeFormCsr), "--key", Write("key.pem", LazyKey.Value.ExportRSAPrivateKeyPem()));
        Assert.Equal(3, exit);
        Assert.Contains("not both", error);
    }
}
