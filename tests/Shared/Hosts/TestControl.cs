using Microsoft.AspNetCore.Builder;
using OmeSim.Hosting;

namespace OmeSim.Testing;

/// <summary>A control plane as <see cref="TestHosts.StartControlAsync"/> built it, and the fleet it manages.</summary>
public sealed class TestControl : IAsyncDisposable
{
    private readonly TestHosts _hosts;
    private readonly WebApplication _app;

    internal TestControl(TestHosts hosts, ApplianceFleet fleet, WebApplication app)
    {
        _hosts = hosts;
        _app = app;
        Fleet = fleet;
    }

    /// <summary>The appliances; none runs until a test starts one.</summary>
    public ApplianceFleet Fleet { get; }

    /// <summary>A new client of the control plane, sending <paramref name="token"/> as its bearer token if given.</summary>
    public HttpClient ControlClient(string? token = null) => _hosts.ControlClient(_app, token);

    public async ValueTask DisposeAsync()
    {
        await Fleet.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
