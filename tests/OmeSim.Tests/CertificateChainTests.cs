using System.Text.Json;
using OmeSim.Core.Pki;
using OmeSim.Tests.Infrastructure;
using OmeSim.Tests.Migration;

namespace OmeSim.Tests;

/// <summary>GET ApplicationService/CertificateChain (modelled): the served chain level by level, as the console shows it.</summary>
public class CertificateChainTests
{
    private const string Path = "/api/ApplicationService/CertificateChain";

    [Fact]
    public async Task A_factory_appliance_shows_its_one_self_signed_level()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var levels = Levels(await OmeAssert.JsonAsync(await appliance.GetAsync(Path)));

        var leaf = Assert.Single(levels);
        Assert.Equal(leaf.GetProperty("IssuedTo").GetProperty("DistinguishedName").GetString(),
            leaf.GetProperty("IssuedBy").GetProperty("DistinguishedName").GetString());
    }

    [Fact]
    public async Task An_uploaded_chain_shows_leaf_intermediate_and_root_in_order_with_the_leaf_as_certificate_shows_it()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        MigrationPair.Provision(appliance, TestCa.Good);

        var body = await OmeAssert.JsonAsync(await appliance.GetAsync(Path));
        var levels = Levels(body);

        Assert.Equal(3, body.GetProperty("@odata.count").GetInt32());
        Assert.Equal(["appliance.example.com", "Inter-CA1", "OmeSim Root CA"], levels.Select(Subject));
        Assert.Equal(["Inter-CA1", "OmeSim Root CA", "OmeSim Root CA"],
            levels.Select(l => l.GetProperty("IssuedBy").GetProperty("DistinguishedName").GetString()));
        var certificate = await OmeAssert.JsonAsync(await appliance.GetAsync("/api/ApplicationService/Certificate"));
        Assert.Equal(certificate.GetProperty("value")[0].GetRawText(), levels[0].GetRawText());
    }

    [Fact]
    public async Task It_needs_credentials()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();

        var response = await appliance.SendAsync(HttpMethod.Get, Path, auth: TestAppliance.Basic(password: "wrong"));

        await OmeAssert.ErrorAsync(response, System.Net.HttpStatusCode.Unauthorized, "CGEN1001");
    }

    private static JsonElement[] Levels(JsonElement body) => [.. body.GetProperty("value").EnumerateArray()];

    private static string? Subject(JsonElement level) => level.GetProperty("IssuedTo").GetProperty("DistinguishedName").GetString();
}
