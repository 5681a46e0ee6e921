using OmeSim.Control;
using OmeSim.Core.Appliance;

namespace OmeSim.Hosting;

/// <summary>What <c>serve</c> runs: the appliances, each on its own host, and the control plane on another.</summary>
public sealed record SimulatorOptions
{
    /// <summary>The appliances to run.</summary>
    public required IReadOnlyList<ApplianceNodeOptions> Appliances { get; init; }

    /// <summary>The control plane's URL; loopback unless a control token is set.</summary>
    public Uri ControlUrl { get; init; } = new(Defaults.ControlUrl);

    /// <summary>Bearer token every control call must present; required when the control plane binds a non-loopback address.</summary>
    public string? ControlToken { get; init; }

    /// <summary>Folder holding the test CA (null: in memory, made at start).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>A test CA root certificate and key to use instead of making one.</summary>
    public string? CaCertPath { get; init; }

    /// <summary>The private key of <see cref="CaCertPath"/>.</summary>
    public string? CaKeyPath { get; init; }

    /// <summary>How many RSA keys are made ahead, in the background, for GenerateCSR.</summary>
    public int KeyPoolSize { get; init; } = 2;
}

public sealed class Simulator : IAsyncDisposable
{
    private readonly RsaKeyPool _keys;

    public Simulator(SimulatorOptions options, TimeProvider? hostTime = null)
    {
        Options = options;
        _keys = new RsaKeyPool(new RsaKeyPoolOptions { Capacity = options.KeyPoolSize });
        Appliances = [.. options.Appliances.Select(a => new ApplianceNode(a, _keys, hostTime))];
    }

    public SimulatorOptions Options { get; }
    public IReadOnlyList<ApplianceNode> Appliances { get; }
    public WebApplication? Control { get; private set; }
    public Uri ControlUrl { get; private set; } = new(Defaults.ControlUrl);

    public ApplianceNode? Find(string name) =>
        Appliances.FirstOrDefault(a => string.Equals(a.Options.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when every appliance listens with its state loaded; else why not.</summary>
    public string? NotReadyReason() =>
        Appliances.FirstOrDefault(a => !a.IsListening) is { } waiting ? $"Appliance {waiting.Options.Name} is not listening yet." : null;

    /// <summary>Starts the control plane first (so that readiness can be asked), then every appliance.</summary>
    public async Task StartAsync(Action<WebApplicationBuilder>? configureControl = null, Action<ApplianceNode, WebApplicationBuilder>? configureAppliance = null, CancellationToken cancellationToken = default)
    {
        Control = ControlHost.Create(this, configureControl);
        await Control.StartAsync(cancellationToken);
        ControlUrl = ControlHost.BoundUrl(Control) ?? Options.ControlUrl;
        await Task.WhenAll(Appliances.Select(a => a.StartAsync(configureAppliance is null ? null : b => configureAppliance(a, b), cancellationToken)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var appliance in Appliances)
        {
            await appliance.DisposeAsync();
        }
        if (Control is not null)
        {
            await Control.StopAsync();
            await Control.DisposeAsync();
        }
        _keys.Dispose();
    }
}
