using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Appliances;
using OmeSim.Core.Pki;
using OmeSim.Harness.Control;
using OmeSim.Hosting;

namespace OmeSim;

/// <summary>
/// What <c>serve</c> runs: the fleet of appliances, each on its own host, and the control plane on another, which
/// creates and deletes appliances at any time. The first appliances are just the first ones the fleet starts.
/// </summary>
public sealed class Simulator : IAsyncDisposable
{
    /// <summary>Where the test CA is kept under <see cref="SimulatorOptions.DataDirectory"/>.</summary>
    public const string TestCaFolder = "test-ca";

    private readonly RsaKeyPool _keys;
    private readonly bool _ownsKeys;
    private readonly TestCaSource _testCa;
    private readonly Readiness _readiness;
    private readonly Action<WebApplicationBuilder>? _configureControl;

    /// <param name="options">The appliances and the control plane to run.</param>
    /// <param name="hostTime">The host's clock (tests pass a fake one).</param>
    /// <param name="keys">A key pool to share (tests); null makes one of <see cref="SimulatorOptions.KeyPoolSize"/>.</param>
    /// <param name="testCa">A test CA to use (tests share one); null makes or loads it on first use, as the options say.</param>
    /// <param name="configureControl">Applied to the control plane's builder (tests swap in TestServer).</param>
    /// <param name="configureAppliance">Applied to each appliance's builder (tests swap in TestServer).</param>
    public Simulator(SimulatorOptions options, TimeProvider? hostTime = null, RsaKeyPool? keys = null, TestCa? testCa = null,
        Action<WebApplicationBuilder>? configureControl = null, Action<HostedAppliance, WebApplicationBuilder>? configureAppliance = null)
    {
        Options = options;
        _ownsKeys = keys is null;
        // Keys are made ahead once the first appliances are up: made during the start, they took the core it ran short of.
        _keys = keys ?? new RsaKeyPool(new RsaKeyPoolOptions { Capacity = options.KeyPoolSize, FillAtOnce = false });
        _testCa = testCa is null ? new TestCaSource(() => MakeTestCa(options, hostTime)) : new TestCaSource(() => testCa) { OwnsCa = false };
        Fleet = new ApplianceFleet(options.Template, options.DataDirectory, _keys, hostTime, configureAppliance, [TestCaFolder], options.AppliancePorts);
        _readiness = new Readiness(Fleet, [.. options.Appliances.Select(a => a.Name)]);
        _configureControl = configureControl;
    }

    public SimulatorOptions Options { get; }

    /// <summary>The running appliances; the control plane creates and deletes them.</summary>
    public ApplianceFleet Fleet { get; }

    /// <summary>The test CA: given by --ca-cert/--ca-key, else kept in the data folder (made there once), else in memory.</summary>
    public TestCa TestCa => _testCa.Ca;

    public WebApplication? Control { get; private set; }

    /// <summary>The control plane's real URL (port 0 resolved), once started.</summary>
    public Uri ControlUrl { get; private set; } = new(Defaults.ControlUrl);

    public HostedAppliance? Find(string name) => Fleet.Find(name);

    /// <summary>Null when every appliance of <see cref="SimulatorOptions.Appliances"/> listens with its state loaded; else why not.</summary>
    public string? NotReadyReason() => _readiness.NotReadyReason();

    /// <summary>
    /// Starts the control plane and the first appliances. The appliances load their state (a fresh one makes its key) and
    /// build their hosts while the control plane starts, and bind their ports only once it listens: readiness can be asked
    /// from the first appliance on, and a control port that cannot be bound is the error reported, whatever else fails.
    /// </summary>
    /// <exception cref="FleetException">
    /// An appliance that cannot start (a taken port, a bad name, an unreadable saved state), or a taken control port.
    /// </exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        CheckGivenCa();
        var controlListens = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appliances = Task.WhenAll(Options.Appliances.Select(a => Fleet.StartAsync(a, nothingServedYet: true, controlListens.Task, cancellationToken)));
        try
        {
            await StartControlAsync(cancellationToken);
            controlListens.SetResult();
        }
        catch
        {
            controlListens.SetCanceled(cancellationToken);
            // Each appliance's start undoes itself (nothing bound, no new folder left); only the control plane's error is told.
            await ((Task)appliances).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        await appliances;
        if (Options.ProvisionProfile is { } given)
        {
            foreach (var appliance in Options.Appliances.Select(a => Fleet.Find(a.Name)!))
            {
                var result = await Task.Run(() => Provisioning.Provision(appliance.Appliance, TestCa, given), cancellationToken);
                if (result.Error is { } error)
                {
                    throw new FleetException(FleetRefusal.Invalid, $"appliance {appliance.Name} refused the chain of profile {given}: "
                        + $"{error.MessageId} (the control plane's POST /appliances/{appliance.Name}/provision shows the whole answer).");
                }
            }
            _readiness.Release();
        }
        _keys.StartFilling();
    }

    // The CA is made on first use; files given for it are read now (milliseconds), so that a wrong one ends the start in one
    // line rather than in a 500 from the first control call that needs the CA.
    private void CheckGivenCa()
    {
        if (Options.CaCertPath is not { } certPath || Options.CaKeyPath is not { } keyPath)
        {
            return;
        }
        try
        {
            using var root = X509Certificate2.CreateFromPem(File.ReadAllText(certPath), File.ReadAllText(keyPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new FleetException(FleetRefusal.Invalid, $"the test CA of --ca-cert {certPath} and --ca-key {keyPath} does not load: {e.Message}", e);
        }
    }

    private async Task StartControlAsync(CancellationToken cancellationToken)
    {
        var control = new ControlPlaneOptions
        {
            Url = Options.ControlUrl, Token = Options.ControlToken, ExposeCaKey = Options.ExposeCaKey,
            AdvertisedHosts = Options.AdvertisedHost is { } advertised ? [advertised] : [],
        };
        Control = ControlHost.Create(control, Fleet, _testCa, _readiness, _configureControl);
        try
        {
            await Control.StartAsync(cancellationToken);
        }
        catch (Exception e) when (HostBuilders.SocketErrorOf(e) is { } error)
        {
            throw HostBuilders.IsPortTaken(e)
                ? new FleetException(FleetRefusal.PortUnavailable, $"the control port {Options.ControlUrl.Port} ({Options.ControlUrl}) is in use or "
                    + "not allowed; pick another, or a free one with --control http://127.0.0.1:0.", e)
                : new FleetException(FleetRefusal.Invalid, $"the control plane cannot listen on {Options.ControlUrl}: {Options.ControlUrl.Host} is not "
                    + $"an address of this machine that it can bind ({error}).", e);
        }
        ControlUrl = ControlHost.BoundUrl(Control) ?? Options.ControlUrl;
        if (Options.ProvisionProfile is { } profile)
        {
            TestCa.CheckProfile(profile);
            _readiness.Hold($"The appliances are being provisioned with the profile {profile}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Fleet.DisposeAsync();
        if (Control is not null)
        {
            await Control.StopAsync();
            await Control.DisposeAsync();
        }
        if (_ownsKeys)
        {
            _keys.Dispose();
        }
        _testCa.Dispose();
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
