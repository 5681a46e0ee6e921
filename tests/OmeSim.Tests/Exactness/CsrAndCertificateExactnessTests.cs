using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OmeSim.Core.Certificates;
using OmeSim.Tests.Infrastructure;

namespace OmeSim.Tests.Exactness;

/// <summary>GenerateCSR's checks and answer, and ApplicationService/Certificate's mapping, as Ansible and Terraform read them.</summary>
public class CsrAndCertificateExactnessTests
{
    [Theory]
    [InlineData("""{"DistinguishedName":"ome","Country":"US\n"}""", "Country")]
    [InlineData("""{"DistinguishedName":"ome","Country":"U\u0301"}""", "Country")]
    [InlineData("""{"DistinguishedName":"ome","Email":"admin@example.com\n"}""", "Email")]
    [InlineData("""{"DistinguishedName":"ome","San":"ome\n.example.com"}""", "Subject Alternative Name(s)")]
    public async Task A_line_break_at_the_end_of_a_country_email_or_san_label_never_passes_the_check(string request, string field)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.PostJsonAsync(TestPki.CsrPath, request);

        await OmeAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "CGEN6002", field);
    }

    [Theory]
    [InlineData("""{"DistinguishedName":"\ud800"}""")]
    [InlineData("""{"DistinguishedName":"ome","Locality":"\ud800x"}""")]
    [InlineData("""{"DistinguishedName":"ome\u0000"}""")]
    [InlineData("""{"DistinguishedName":"ome","DepartmentName":"\u0000"}""")]
    [InlineData("""{"DistinguishedName":"ome","Email":"\u00fc@example.com"}""")]
    [InlineData("""{"DistinguishedName":"ome","San":"\u00fc.example.com"}""")]
    [InlineData("""{"DistinguishedName":"ome","San":","}""")]
    [InlineData("""{"DistinguishedName":"ome","San":" "}""")]
    [InlineData("""{"DistinguishedName":1}""")]
    [InlineData("""{"DistinguishedName":"ome","Country":null,"Email":null,"San":null,"State":null}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    public async Task Odd_but_well_formed_json_answers_200_or_omes_400_never_a_500(string request)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.PostJsonAsync(TestPki.CsrPath, request);

        Assert.True(
            response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/json; odata.metadata=minimal", response.Content.Headers.ContentType?.ToString());
        }
    }

    [Theory]
    [InlineData("""{"DistinguishedName":"*","Country":"USA","Email":"x","San":"-1"}""", "DistinguishedName")]
    [InlineData("""{"DistinguishedName":"ome","Country":"USA","Email":"x","San":"-1"}""", "Country")]
    [InlineData("""{"DistinguishedName":"ome","Country":"US","Email":"x","San":"-1"}""", "Email")]
    [InlineData("""{"DistinguishedName":"ome","San":"-1,a.com,b.com,c.com,d.com"}""", "SAN")]
    public async Task Several_bad_fields_answer_the_first_in_the_bodys_field_order(string request, string field)
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        await OmeAssert.ErrorAsync(await appliance.PostJsonAsync(TestPki.CsrPath, request), HttpStatusCode.BadRequest, "CGEN6002", field);
    }

    [Fact]
    public async Task Terraforms_form_with_empty_optional_strings_and_no_san_makes_a_csr_with_the_common_name_alone()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var csr = await TestPki.GenerateCsrAsync(appliance,
            """{"DistinguishedName":"ome.example.com","DepartmentName":"","BusinessName":"","Locality":"","State":"","Country":"","Email":""}""");

        var request = PemText.ReadCertificateRequest(csr);
        Assert.Equal("CN=ome.example.com", request.SubjectName.Name);
        Assert.Empty(request.CertificateExtensions.OfType<X509SubjectAlternativeNameExtension>());
    }

    [Fact]
    public async Task Ansibles_form_with_nulls_for_san_makes_a_csr_without_a_san_extension()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var csr = await TestPki.GenerateCsrAsync(appliance,
            """
            {"DistinguishedName":"ome.example.com","DepartmentName":"IT","BusinessName":"Example","Locality":"Round Rock","State":"Texas",
            "Country":"US","Email":"admin@example.com","San":null}
            """.ReplaceLineEndings(""));

        var request = PemText.ReadCertificateRequest(csr);
        Assert.Contains("E=admin@example.com", request.SubjectName.Name);
        Assert.Empty(request.CertificateExtensions.OfType<X509SubjectAlternativeNameExtension>());
    }

    [Fact]
    public async Task The_csr_answer_is_exactly_one_certificate_data_string_without_any_line_break()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var text = await (await appliance.PostJsonAsync(TestPki.CsrPath, TestPki.CsrRequest)).Content.ReadAsStringAsync();

        using var doc = JsonDocument.Parse(text);
        var property = Assert.Single(doc.RootElement.EnumerateObject());
        Assert.Equal("CertificateData", property.Name);
        var data = property.Value.GetString()!;
        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----MII", data);
        Assert.EndsWith("=-----END CERTIFICATE REQUEST-----".TrimStart('='), data);
        Assert.DoesNotContain('\n', data);
        Assert.DoesNotContain('\r', data);
    }

    [Fact]
    public async Task Certificate_maps_every_subject_field_and_writes_nulls_for_what_the_issuer_lacks()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var chain = await TestPki.SignedChainAsync(appliance);
        Assert.Equal(HttpStatusCode.OK, (await appliance.PostBytesAsync(TestPki.UploadChainPath, TestPki.Bytes(chain.ToPem()))).StatusCode);

        var text = await (await appliance.GetAsync("/api/ApplicationService/Certificate")).Content.ReadAsStringAsync();

        var info = JsonDocument.Parse(text).RootElement.GetProperty("value").EnumerateArray().Single();
        var to = info.GetProperty("IssuedTo");
        Assert.Equal("#ApplicationService.CertDetail", to.GetProperty("@odata.type").GetString());
        Assert.Equal("IT", to.GetProperty("DepartmentName").GetString());
        Assert.Equal("Example", to.GetProperty("BusinessName").GetString());
        Assert.Equal("Round Rock", to.GetProperty("Locality").GetString());
        Assert.Equal("Texas", to.GetProperty("State").GetString());
        Assert.Equal("US", to.GetProperty("Country").GetString());
        Assert.Equal("admin@example.com", to.GetProperty("Email").GetString());
        var by = info.GetProperty("IssuedBy");
        Assert.Equal(JsonValueKind.Null, by.GetProperty("KeySize").ValueKind);
        Assert.Equal(JsonValueKind.Null, by.GetProperty("San").ValueKind);
        static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Iso(chain.Leaf.NotAfter), info.GetProperty("ValidTo").GetString());
        Assert.Equal(Iso(chain.Leaf.NotBefore), info.GetProperty("ValidFrom").GetString());
    }

    [Fact]
    public async Task The_factory_certificate_reports_nulls_not_empty_strings_for_missing_names()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var text = await (await appliance.GetAsync("/api/ApplicationService/Certificate")).Content.ReadAsStringAsync();

        var to = JsonDocument.Parse(text).RootElement.GetProperty("value")[0].GetProperty("IssuedTo");
        foreach (var name in new[] { "DistinguishedName", "DepartmentName", "BusinessName", "Locality", "State", "Country", "Email", "KeySize", "San" })
        {
            Assert.True(to.TryGetProperty(name, out var value), name + " missing");
            Assert.True(value.ValueKind is JsonValueKind.Null || value.GetString()!.Length > 0, name + " is an empty string");
        }
    }
}
