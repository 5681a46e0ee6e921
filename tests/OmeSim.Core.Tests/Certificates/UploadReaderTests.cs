using System.Text;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Core.Tests.Certificates;

public class UploadReaderTests
{
    private static IssuedChain Good => TestPki.Chain(TestCa.Good);

    private static UploadReadResult Read(string text) => UploadReader.Read(TestPki.Bytes(text));

    private static void AssertReadsGoodChain(UploadReadResult result)
    {
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(Good.Certificates.Select(c => c.Thumbprint), result.Certificates.Select(c => c.Thumbprint));
    }

    [Fact]
    public void A_pem_chain_is_read_in_file_order()
    {
        AssertReadsGoodChain(Read(Good.ToPem()));
    }

    [Fact]
    public void Crlf_line_ends_are_read()
    {
        AssertReadsGoodChain(Read(Good.ToPem().Replace("\n", "\r\n")));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_read()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(TestPki.Bytes(Good.ToPem())).ToArray();

        AssertReadsGoodChain(UploadReader.Read(body));
    }

    [Fact]
    public void Text_between_blocks_is_ignored()
    {
        var text = string.Concat(Good.Certificates.Select(c =>
            $"Bag Attributes\nsubject=/{c.Subject}\nissuer=/{c.Issuer} é ü\n{c.ExportCertificatePem()}\n\n"));

        AssertReadsGoodChain(Read("Some preamble\n" + text + "trailing words"));
    }

    [Fact]
    public void Certificates_in_omes_one_line_form_are_read()
    {
        var text = string.Concat(Good.Certificates.Select(c => PemText.ToOmeForm(PemText.CertificateLabel, c.RawData)));

        AssertReadsGoodChain(Read(text));
    }

    [Theory]
    [InlineData(PemText.Pkcs7Label)]
    [InlineData(PemText.CertificateLabel)]
    public void A_pkcs7_bundle_is_read_under_either_label(string label)
    {
        var result = Read(TestFiles.Pkcs7Pem(Good.Certificates, label));

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(Good.Certificates.Select(c => c.Thumbprint).Order(), result.Certificates.Select(c => c.Thumbprint).Order());
    }

    [Fact]
    public void A_pkcs7_bundle_and_pem_certificates_mix()
    {
        var result = Read(TestFiles.Pkcs7Pem(Good.Certificates.Take(2)) + TestPki.Pem(Good.Certificates[2]));

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(3, result.Certificates.Count);
    }

    [Fact]
    public void Other_blocks_such_as_a_private_key_are_skipped()
    {
        var text = TestPki.CsrKey.ExportPkcs8PrivateKeyPem() + "\n" + Good.ToPem();

        AssertReadsGoodChain(Read(text));
    }

    [Fact]
    public void Duplicates_cycles_and_eleven_certificates_are_read_for_the_rules_to_judge()
    {
        Assert.Equal(4, Read(Good.ToPem() + TestPki.Pem(Good.Certificates[2])).Certificates.Count);
        Assert.Equal(11, Read(TestPki.Chain(TestCa.Depth11).ToPem()).Certificates.Count);
    }

    public static TheoryData<string, byte[]> InvalidFiles()
    {
        var pem = Good.ToPem();
        var leafDer = Good.Leaf.RawData;
        var base64 = Convert.ToBase64String(leafDer);
        var begin = "-----BEGIN CERTIFICATE-----\n";
        var end = "\n-----END CERTIFICATE-----\n";
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "whitespace", TestPki.Bytes(" \r\n\t\n") },
            { "DER", leafDer },
            { "raw base64 without armour", TestPki.Bytes(base64) },
            { "raw base64 in 64 columns", TestPki.Bytes(string.Join("\n", base64.Chunk(64).Select(c => new string(c)))) },
            { "garbage", TestPki.Bytes("hello, this is not a certificate") },
            { "binary garbage", Enumerable.Range(0, 500).Select(i => (byte)(i * 37 % 256)).ToArray() },
            { "UTF-16 with BOM", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(pem)).ToArray() },
            { "UTF-16 big endian", Encoding.BigEndianUnicode.GetBytes(pem) },
            { "no END line", TestPki.Bytes(begin + base64) },
            { "END of another label", TestPki.Bytes(begin + base64 + "\n-----END PKCS7-----\n") },
            { "bad base64", TestPki.Bytes(begin + base64[..40] + "!!" + base64[42..] + end) },
            { "empty block", TestPki.Bytes(begin + end) },
            { "truncated certificate", TestPki.Bytes(begin + Convert.ToBase64String(leafDer[..(leafDer.Length / 2)]) + end) },
            { "a block that is not a certificate", TestPki.Bytes(begin + Convert.ToBase64String(Encoding.ASCII.GetBytes("not a certificate at all")) + end) },
            { "a good block then a broken one", TestPki.Bytes(pem + begin + "AAAA" + end) },
            { "a CSR only", TestPki.Bytes(TestPki.Csr) },
            { "a private key only", TestPki.Bytes(TestPki.CsrKey.ExportPkcs8PrivateKeyPem()) },
            { "a PKCS7 label holding a certificate", TestPki.Bytes(PemText.Armour(PemText.Pkcs7Label, leafDer)) },
            { "an empty PKCS7 bundle", TestPki.Bytes(TestFiles.Pkcs7Pem([])) },
            { "headers in the block", TestPki.Bytes(begin + "Proc-Type: 4,ENCRYPTED\n\n" + base64 + end) },
            { "BEGIN without label end", TestPki.Bytes("-----BEGIN CERTIFICATE\n" + base64) },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void An_unreadable_file_is_invalid_with_csec9002(string kind, byte[] body)
    {
        var result = UploadReader.Read(body);

        Assert.False(result.IsValid, kind);
        Assert.NotNull(result.Problem);
        Assert.Equal("CSEC9002", result.Error!.MessageId);
        Assert.Empty(result.Error.Args);
    }

    [Fact]
    public void Hundreds_of_mangled_files_never_throw_and_are_read_fast()
    {
        var random = new Random(4711);
        var pem = TestPki.Bytes(Good.ToPem());
        var pkcs7 = TestPki.Bytes(TestFiles.Pkcs7Pem(Good.Certificates));
        var inputs = new List<byte[]>();
        for (var i = 0; i < 400; i++)
        {
            var source = (i % 2 == 0 ? pem : pkcs7).ToArray();
            switch (i % 5)
            {
                case 0:
                    inputs.Add(source[..random.Next(source.Length)]);
                    break;
                case 1:
                    for (var flips = random.Next(1, 8); flips > 0; flips--)
                    {
                        source[random.Next(source.Length)] = (byte)random.Next(256);
                    }
                    inputs.Add(source);
                    break;
                case 2:
                    var bytes = new byte[random.Next(1, 3000)];
                    random.NextBytes(bytes);
                    inputs.Add(bytes);
                    break;
                case 3:
                    var cut = random.Next(source.Length);
                    inputs.Add([.. source[..cut], .. TestPki.Bytes("-----BEGIN CERTIFICATE-----"), .. source[cut..]]);
                    break;
                default:
                    // Flip bits inside the DER, then re-armour: valid base64 around broken ASN.1.
                    var der = Good.Certificates[random.Next(3)].RawData.ToArray();
                    der[random.Next(der.Length)] ^= (byte)(1 << random.Next(8));
                    inputs.Add(TestPki.Bytes(PemText.Armour(PemText.CertificateLabel, der)));
                    break;
            }
        }

        foreach (var input in inputs)
        {
            var result = UploadReader.Read(input);
            Assert.Equal(result.IsValid, result.Problem is null);
        }
    }

    [Fact]
    public void The_invalid_answer_is_omes_csec9002_envelope()
    {
        var json = UploadReader.Read([]).Error!.ToJson();

        Assert.Contains("\"MessageId\":\"CSEC9002\"", json);
        Assert.Contains("\"MessageArgs\":[]", json);
        Assert.Contains("\"Message\":\"Unable to upload the certificate because the certificate file provided is invalid.\"", json);
    }
}
