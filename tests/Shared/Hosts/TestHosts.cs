using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OmeSim.Core.Appliances;
using OmeSim.Harness.Control;
using OmeSim.Hosting;

namespace OmeSim.Testing;

/// <summary>
/// The one way tests build hosts: an appliance, a simulator as <c>serve</c> builds it, or a control plane alone, each by
/// the composition functions <c>serve</c> calls, over TestServer or on real Kestrel sockets on loopback. Set what a test
/// needs and start what it uses; every host it starts shares the run's key pool and test CA.
/// </summary>
public sealed record TestHosts
{
    // xunit 2.9 has no assembly fixture, and a class or collection fixture ends while other classes still build hosts:
    // the run's one pool lives as long as the test process, which disposes it when it exits (its workers never hold it up).
    private static readonly Lazy<RsaKeyPool> LazyKeys = new(() =>
    {
        var keys = new RsaKeyPool(new RsaKeyPoolOptions { Capacity = 4 });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => keys.Dispose();
        return keys;
    });

    /// <summary>Shared by every host of the run: RSA keys cost ~0.2 s each, and tests that are not about keys needn't wait.</summary>
    public static RsaKeyPool Keys => LazyKeys.Value;

    // Each started appliance's host services, recorded as its host starts: its TestServer is found there.
    private readonly ConcurrentDictionary<HostedAppliance, IServiceProvider> _applianceServices = new();

    /// <summary>The appliances on real Kestrel TLS sockets; over TestServer by default.</summary>
    public bool RealTls { get; init; }

    /// <summary>The control plane on a real Kestrel socket (http://127.0.0.1:0); over TestServer by default.</summary>
    public bool RealControl { get; init; }

    /// <summary>The control plane's bearer token, which its <c>Control</c> client sends; none by default.</summary>
    public string? ControlToken { get; init; }

    /// <summary>GET /pki/ca-key answers the test CA's key.</summary>
    public bool ExposeCaKey { get; init; }

    /// <summary>Every appliance's password (user <see cref="Defaults.UserName"/>).</summary>
    public string Password { get; init; } = Defaults.Password;

    /// <summary>Where state is kept (a simulator also keeps its own test CA there); in memory, with the run's test CA, by default.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Applied to every appliance's options last (a simulator's template too).</summary>
    public Func<ApplianceOptions, ApplianceOptions>? Customize { get; init; }

    /// <summary>The hosts' clock (a fake one drives timeouts and delays); the system's by default.</summary>
    public TimeProvider? HostTime { get; init; }

    /// <summary>A simulator starts no source and target, only its control plane.</summary>
    public bool WithoutAppliances { get; init; }

    /// <summary>One appliance named <c>appliance</c> on <paramref name="address"/>, port 0.</summary>
    public async Task<TestAppliance> StartApplianceAsync(string version = Defaults.TargetVersion, string address = "127.0.0.1")
    {
        var node = new HostedAppliance(Appliance("appliance", address, version, DataDirectory), Keys, HostTime);
        await node.StartAsync(b => ConfigureAppliance(node, b));
        return new TestAppliance(node, ApplianceClient(node), ApplianceServices(node));
    }

    /// <summary>A source (3.10.2) on 127.0.0.2 and a target (4.0.1) on 127.0.0.3, both port 0, and the control plane.</summary>
    public async Task<TestSimulator> StartSimulatorAsync()
    {
        var options = new SimulatorOptions
        {
            Appliances = WithoutAppliances ? [] :
            [
                Appliance(Defaults.SourceName, "127.0.0.2", Defaults.SourceVersion),
                Appliance(Defaults.TargetName, "127.0.0.3", Defaults.TargetVersion),
            ],
            Template = Appliance("template", "127.0.0.1", Defaults.TargetVersion),
            ControlUrl = new Uri("http://127.0.0.1:0"),
            ControlToken = ControlToken,
            ExposeCaKey = ExposeCaKey,
            DataDirectory = DataDirectory,
        };
        var simulator = new Simulator(options, HostTime, Keys, DataDirectory is null ? TestPki.Ca : null, ConfigureControl, ConfigureAppliance);
        await simulator.StartAsync();
        return new TestSimulator(this, simulator);
    }

    /// <summary>
    /// A control plane over a fleet in which no appliance runs yet (start them on <see cref="TestControl.Fleet"/>), ready
    /// once the appliances named <paramref name="awaited"/> listen: <c>serve</c>'s control plane before its appliances start.
    /// </summary>
    public async Task<TestControl> StartControlAsync(params string[] awaited)
    {
        var template = Appliance("template", "127.0.0.1", Defaults.TargetVersion);
        var fleet = new ApplianceFleet(template, DataDirectory, Keys, HostTime, ConfigureAppliance, [Simulator.TestCaFolder]);
        var options = new ControlPlaneOptions { Url = new Uri("http://127.0.0.1:0"), Token = ControlToken, ExposeCaKey = ExposeCaKey };
        var app = ControlHost.Create(options, fleet, new TestCaSource(() => TestPki.Ca) { OwnsCa = false }, new Readiness(fleet, awaited), ConfigureControl);
        await app.StartAsync();
        return new TestControl(this, fleet, app);
    }

    /// <summary>A client of an appliance's OME API, without credentials; over real TLS it may present <paramref name="clientChain"/>.</summary>
    internal HttpClient ApplianceClient(HostedAppliance node, SslStreamCertificateContext? clientChain = null)
    {
        if (!RealTls)
        {
            var client = ((TestServer)ApplianceServices(node).GetRequiredService<IServer>()).CreateClient();
            client.BaseAddress = new Uri("https://127.0.0.1/");
            return client;
        }
        return new HttpClient(TestClients.Handler(clientChain)) { BaseAddress = node.Url };
    }

    /// <summary>A client of a control plane, sending <paramref name="token"/> as its bearer token if given.</summary>
    internal HttpClient ControlClient(WebApplication control, string? token)
    {
        var client = RealControl ? new HttpClient { BaseAddress = ControlHost.BoundUrl(control) } : control.GetTestClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>The services of <paramref name="node"/>'s host, which this started.</summary>
    internal IServiceProvider ApplianceServices(HostedAppliance node) =>
        _applianceServices.TryGetValue(node, out var services) ? services : throw new InvalidOperationException($"{node.Name} was not started here.");

    private void ConfigureAppliance(HostedAppliance node, WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStartupFilter>(new ServicesRecorder(services => _applianceServices[node] = services));
        if (!RealTls)
        {
            builder.WebHost.UseTestServer();
        }
    }

    private void ConfigureControl(WebApplicationBuilder builder)
    {
        if (!RealControl)
        {
            builder.WebHost.UseTestServer();
        }
    }

    private ApplianceOptions Appliance(string name, string address, string version, string? dataDirectory = null)
    {
        var options = new ApplianceOptions
        {
            Name = name, Url = new Uri($"https://{address}:0"), Version = version, Password = Password, DataDirectory = dataDirectory,
        };
        return Customize?.Invoke(options) ?? options;
    }

    /// <summary>Hands on the host's services when its pipeline is built, as it starts.</summary>
    private sealed class ServicesRecorder(Action<IServiceProvider> record) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            record(app.ApplicationServices);
            next(app);
        };
    }
}
