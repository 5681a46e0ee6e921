using OmeSim.Core.Migration;

namespace OmeSim.Core.Tests.Migration;

public class MigrationRulesTests
{
    [Theory]
    [InlineData("4.0", true)]
    [InlineData("4.0.1", true)]
    [InlineData("4.1.0", true)]
    [InlineData("10.0", true)]
    [InlineData("3.10.2", false)]
    [InlineData("3.9", false)]
    [InlineData("not-a-version", false)]
    public void Validation_is_offered_from_version_4_0_compared_as_versions_not_text(string version, bool offered)
    {
        Assert.Equal(offered, MigrationRules.OffersValidation(version));
    }

    [Fact]
    public void The_port_defaults_to_443_and_the_endpoint_brackets_ipv6()
    {
        Assert.Equal("source:443", new MigrationRequest("source", null, "admin", "x").Endpoint);
        Assert.Equal("[::1]:9443", new MigrationRequest("::1", 9443, "admin", "x").Endpoint);
        Assert.Equal("[::1]:1", new MigrationRequest("[::1]", 1, "admin", "x").Endpoint);
    }

    [Theory]
    [InlineData("127.0.0.2", 443)]
    [InlineData("source", null)]
    [InlineData("ome.example.com", 9443)]
    [InlineData("::1", 1)]
    public void Addresses_and_host_names_are_accepted(string address, int? port)
    {
        Assert.Null(MigrationRules.Validate(new MigrationRequest(address, port, "admin", "secret")));
    }

    [Theory]
    [InlineData(null, 443, "admin", "x", "SourceAddress")]
    [InlineData(" ", 443, "admin", "x", "SourceAddress")]
    [InlineData("a b", 443, "admin", "x", "SourceAddress")]
    [InlineData("source", 0, "admin", "x", "SourcePort")]
    [InlineData("source", 70000, "admin", "x", "SourcePort")]
    [InlineData("source", 443, "", "x", "SourceUserName")]
    [InlineData("source", 443, "ad:min", "x", "SourceUserName")]
    [InlineData("source", 443, "admin", null, "SourcePassword")]
    public void Each_bad_field_is_cgen6002_naming_it(string? address, int? port, string? user, string? password, string field)
    {
        var error = MigrationRules.Validate(new MigrationRequest(address, port, user, password));

        Assert.NotNull(error);
        Assert.Equal("CGEN6002", error.MessageId);
        Assert.Equal([field], error.Args);
    }
}
