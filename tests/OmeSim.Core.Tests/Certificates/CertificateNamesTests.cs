using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;

namespace OmeSim.Core.Tests.Certificates;

public class CertificateNamesTests
{
    [Fact]
    public void Rfc4514_puts_the_most_specific_attribute_first_and_escapes_specials()
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName("a,b+c");
        name.AddOrganizationName("Example");

        Assert.Equal(@"CN=a\,b\+c,O=Example", CertificateNames.Rfc4514(name.Build()));
    }

    [Fact]
    public void Names_compare_case_insensitively_whatever_their_string_types()
    {
        var printable = new X500DistinguishedName("CN=Inter-CA1");
        var utf8 = new X500DistinguishedNameBuilder();
        utf8.AddCommonName("inter-ca1");

        Assert.NotEqual(Convert.ToHexString(printable.RawData), Convert.ToHexString(utf8.Build().RawData));
        Assert.True(CertificateNames.SameName(CertificateNames.Rfc4514(printable), CertificateNames.Rfc4514(utf8.Build())));
        Assert.False(CertificateNames.SameName(CertificateNames.Rfc4514(printable), CertificateNames.Rfc4514(new X500DistinguishedName("CN=Inter-CA2"))));
    }

    [Fact]
    public void The_issuer_side_of_a_certificate_has_no_san_or_key_size()
    {
        var names = CertificateNames.OfIssuer(TestPki.Chain(TestCa.Good).Leaf);

        Assert.Equal("Inter-CA1", names.CommonName);
        Assert.Null(names.DnsNames);
        Assert.Null(names.KeySize);
    }

    [Fact]
    public void A_name_without_common_name_has_none()
    {
        Assert.Null(CertificateNames.CommonNameOf(new X500DistinguishedName("O=Example")));
        Assert.Null(CertificateNames.CommonNameOf(new X500DistinguishedName("")));
    }
}
