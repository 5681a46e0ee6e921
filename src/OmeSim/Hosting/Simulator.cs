using OmeSim.Control;
using OmeSim.Core.Appliances;
using OmeSim.Core.Pki;

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

    /// <summary>Lets GET /pki/root-key.pem hand out the test CA's root key (default: refused with 403).</summary>
    public bool ExposeCaKey { get; init; }

    /// <summary>How many RSA keys are made ahead, in the background, for GenerateCSR.</summary>
    public int KeyPoolSize { get; init; } = 2;
}

public sealed class Simulator : IAsyncDisposable
{
    /// <summary>Where the test CA is kept under <see cref="SimulatorOptions.DataDirectory"/>.</summary>
    public const string TestCaFolder = "test-ca";

    private readonly RsaKeyPool _keys;
    private readonly bool _ownsKeys;
    private readonly Lazy<TestCa> _testCa;
    private readonly bool _ownsTestCa;

    /// <param name="options">The appliances and the control plane to run.</param>
    /// <param name="hostTime">The host's clock (tests pass a fake one).</param>
    /// <param name="keys">A key pool to share (tests); null makes one of <see cref="SimulatorOptions.KeyPoolSize"/>.</param>
    /// <param name="testCa">A test CA to use (tests share one); null makes or loads it on first use, as the options say.</param>
    public Simulator(SimulatorOptions options, TimeProvider? hostTime = null, RsaKeyPool? keys = null, TestCa? testCa = null)
    {
        Options = options;
        _ownsKeys = keys is null;
        _keys = keys ?? new RsaKeyPool(new RsaKeyPoolOptions { Capacity = options.KeyPoolSize });
        _ownsTestCa = testCa is null;
        _testCa = testCa is null ? new Lazy<TestCa>(() => MakeTestCa(options, hostTime)) : new Lazy<TestCa>(() => testCa);
        Appliances = [.. options.Appliances.Select(a => new ApplianceNode(a, _keys, hostTime))];
    }

    /// <summary>
    /// The test CA: given by --ca-cert/--ca-key, else kept in the data folder (made there once), else in memory. Made on
    /// first use, on the control plane's requests, never on an appliance's.
    /// </summary>
    public TestCa TestCa => _testCa.Value;

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
        if (_ownsKeys)
        {
            _keys.Dispose();
        }
        if (_ownsTestCa && _testCa.IsValueCreated)
        {
            _testCa.Value.Dispose();
        }
    }

    private static TestCa MakeTestCa(SimulatorOptions options, TimeProvider? time)
    {
        if (options.CaCertPath is not null && options.CaKeyPath is not null)
        {
            return TestCa.Load(File.ReadAllText(options.CaCertPath), File.ReadAllText(options.CaKeyPath), time);
        }
        return options.DataDirectory is null
            ? TestCa.Create(time)
            : TestCa.LoadOrCreate(Path.Combine(options.DataDirectory, TestCaFolder), time);
    }
}
