using OmeSim.Cli;

namespace OmeSim.Tests.Exactness;

public class InfoVersionTests
{
    [Theory]
    [InlineData("4.0.1-rc1")]
    [InlineData("4.0")]
    [InlineData("v4.0.1")]
    [InlineData("4.0.1.0")]
    [InlineData("4..1")]
    [InlineData("٤.0.1")]
    [InlineData("04.00.01")]
    [InlineData("4.0.01")]
    public void Serve_refuses_an_ome_version_that_is_not_plain_a_b_c(string version)
    {
        var error = Assert.Throws<ArgumentException>(() => new ServeSettings { InMemory = true, OmeVersion = [$"target={version}"] }.ToOptions());

        Assert.Contains("--ome-version", error.Message);
    }

    [Fact]
    public void Serve_takes_plain_versions_for_each_appliance()
    {
        var options = new ServeSettings { InMemory = true, OmeVersion = ["source=3.10.2", "target=10.0.0"] }.ToOptions();
        var zero = new ServeSettings { InMemory = true, OmeVersion = ["target=0.0.0"] }.ToOptions();

        Assert.Equal(["3.10.2", "10.0.0"], options.Appliances.Select(a => a.Version));
        Assert.Equal("0.0.0", zero.Appliances.Single(a => a.Name == "target").Version);
    }
}
