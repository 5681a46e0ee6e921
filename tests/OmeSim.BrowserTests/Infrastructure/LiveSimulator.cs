using System.Net.Http.Headers;
using System.Text;
using OmeSim.Core.Appliances;
using OmeSim.Core.Pki;
using OmeSim.Hosting;

namespace OmeSim.BrowserTests.Infrastructure;

/// <summary>
/// A simulator as <c>serve</c> builds it, every host on a real socket: a source (3.10) on 127.0.0.2, a target (4.0) on
/// 127.0.0.3, both HTTPS on port 0, and the control plane on http://127.0.0.1:0, which the browser opens.
/// </summary>
public sealed class LiveSimulator : IAsyncDisposable
{
    /// <summary>Shared by every test of the run: RSA keys cost ~0.2 s each.</summary>
    public static readonly RsaKeyPool Keys = new(new RsaKeyPoolOptions { Capacity = 4 });

    public const string Password = "calvin";

    private LiveSimulator(Simulator simulator, HttpClient control)
    {
        Simulator = simulator;
        Control = control;
    }

    /// <summary>The run's one test CA (tests/Shared), made at test time.</summary>
    public static TestCa Ca => OmeSim.Testing.TestPki.Ca;

    public Simulator Simulator { get; }

    /// <summary>A client of the control plane (with the token when one is set).</summary>
    public HttpClient Control { get; }

    public HostedAppliance Source => Simulator.Find(Defaults.SourceName)!;
    public HostedAppliance Target => Simulator.Find(Defaults.TargetName)!;
    public Uri ControlUrl => Simulator.ControlUrl;

    public static async Task<LiveSimulator> StartAsync(string? controlToken = null)
    {
        var options = new SimulatorOptions
        {
            Appliances =
            [
                new ApplianceOptions
                {
                    Name = Defaults.SourceName, Url = new Uri("https://127.0.0.2:0"), Version = Defaults.SourceVersion, Password = Password,
                },
                new ApplianceOptions
                {
                    Name = Defaults.TargetName, Url = new Uri("https://127.0.0.3:0"), Version = Defaults.TargetVersion, Password = Password,
                },
            ],
            ControlUrl = new Uri("http://127.0.0.1:0"),
            ControlToken = controlToken,
        };
        var simulator = new Simulator(options, keys: Keys, testCa: Ca);
        await simulator.StartAsync();
        var control = new HttpClient { BaseAddress = simulator.ControlUrl };
        if (controlToken is not null)
        {
            control.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", controlToken);
        }
        return new LiveSimulator(simulator, control);
    }

    /// <summary>A client of an appliance's REST API over real TLS (its self-signed certificate accepted).</summary>
    public static HttpClient ApplianceClient(HostedAppliance node, bool basic = true)
    {
        var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        var client = new HttpClient(handler) { BaseAddress = node.Url };
        if (basic)
        {
            client.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Defaults.UserName}:{Password}")));
        }
        return client;
    }

    /// <summary>Signs a CSR through the control plane's test CA; answers the chain as PEM.</summary>
    public async Task<string> SignAsync(string csr, string profile)
    {
        using var response = await Control.PostAsync($"/pki/sign?profile={profile}", new StringContent(csr, Encoding.UTF8, "application/x-pem-file"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }

    public async Task ProvisionAsync(HostedAppliance node, string profile)
    {
        using var response = await Control.PostAsync($"/appliances/{node.Options.Name}/provision?profile={profile}", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Simulator.DisposeAsync();
    }
}
