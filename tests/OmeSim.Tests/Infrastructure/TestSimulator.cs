using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using OmeSim.Hosting;

namespace OmeSim.Tests.Infrastructure;

/// <summary>
/// A simulator as <c>serve</c> builds it — a source on 127.0.0.2, a target on 127.0.0.3, and the control plane — with
/// the control plane over TestServer (with <c>realControl</c>, on a real Kestrel socket) and the appliances over TestServer or, with
/// <c>realTls</c>, on real Kestrel sockets.
/// </summary>
public sealed class TestSimulator : IAsyncDisposable
{
    private TestSimulator(Simulator simulator, HttpClient control, bool realTls)
    {
        Simulator = simulator;
        Control = control;
        RealTls = realTls;
    }

    public Simulator Simulator { get; }

    /// <summary>A client of the control plane (with the control token when one is set).</summary>
    public HttpClient Control { get; }

    public bool RealTls { get; }

    public HostedAppliance Source => Simulator.Find(Defaults.SourceName)!;
    public HostedAppliance Target => Simulator.Find(Defaults.TargetName)!;

    public static async Task<TestSimulator> StartAsync(
        bool realTls = false,
        string? controlToken = null,
        bool exposeCaKey = false,
        string? dataDirectory = null,
        Func<ApplianceOptions, ApplianceOptions>? customize = null,
        bool withoutAppliances = false,
        bool realControl = false)
    {
        customize ??= o => o;
        var options = new SimulatorOptions
        {
            Appliances = withoutAppliances ? [] :
            [
                customize(new ApplianceOptions { Name = Defaults.SourceName, Url = new Uri("https://127.0.0.2:0"), Version = Defaults.SourceVersion }),
                customize(new ApplianceOptions { Name = Defaults.TargetName, Url = new Uri("https://127.0.0.3:0"), Version = Defaults.TargetVersion }),
            ],
            Template = customize(new ApplianceOptions { Name = "template", Url = new Uri("https://127.0.0.1:0"), Version = Defaults.TargetVersion }),
            ControlUrl = new Uri("http://127.0.0.1:0"),
            ControlToken = controlToken,
            ExposeCaKey = exposeCaKey,
            DataDirectory = dataDirectory,
        };
        var simulator = new Simulator(options, keys: TestAppliance.Keys, testCa: dataDirectory is null ? TestPki.Ca : null,
            configureControl: realControl ? null : b => b.WebHost.UseTestServer(), configureAppliance: realTls ? null : (_, b) => b.WebHost.UseTestServer());
        await simulator.StartAsync();
        var control = realControl ? new HttpClient { BaseAddress = simulator.ControlUrl } : simulator.Control!.GetTestClient();
        if (controlToken is not null)
        {
            control.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", controlToken);
        }
        return new TestSimulator(simulator, control, realTls);
    }

    /// <summary>A client of the appliance named <paramref name="name"/> (as the control plane created it).</summary>
    public HttpClient ApplianceClient(string name) => ApplianceClient(Simulator.Find(name) ?? throw new InvalidOperationException($"No appliance {name}."));

    /// <summary>A client of an appliance's OME API; over real TLS it may present <paramref name="clientCertificate"/> (with its intermediates).</summary>
    public HttpClient ApplianceClient(HostedAppliance node, X509Certificate2? clientCertificate = null, X509Certificate2Collection? intermediates = null)
    {
        if (!RealTls)
        {
            var client = node.App.GetTestClient();
            client.BaseAddress = new Uri("https://127.0.0.1/");
            return client;
        }
        var handler = TestClients.Handler();
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, intermediates, offline: true);
        }
        return new HttpClient(handler) { BaseAddress = node.Url };
    }

    /// <summary>Calls an appliance with Basic credentials.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null, bool authenticate = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (authenticate)
        {
            request.Headers.Authorization = TestAppliance.Basic();
        }
        return client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Control.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PutJsonAsync(string path, string json) =>
        Control.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Simulator.DisposeAsync();
    }
}
