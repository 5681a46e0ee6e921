namespace OmeSim.Tests.Infrastructure;

/// <summary>One appliance for every test of a class (an xunit class fixture), built by <see cref="TestHosts"/>: for tests that only read.</summary>
public class ApplianceFixture : IAsyncLifetime
{
    private readonly TestHosts _hosts;

    public ApplianceFixture()
        : this(new TestHosts())
    {
    }

    protected ApplianceFixture(TestHosts hosts) => _hosts = hosts;

    public TestAppliance Appliance { get; private set; } = null!;

    public Uri Url => Appliance.Node.Url;

    public async Task InitializeAsync() => Appliance = await _hosts.StartApplianceAsync();

    public async Task DisposeAsync() => await Appliance.DisposeAsync();
}
