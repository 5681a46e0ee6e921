using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OmeSim.Hosting;

namespace OmeSim.Testing;

/// <summary>
/// A simulator as <see cref="TestHosts.StartSimulatorAsync"/> built it — a source on 127.0.0.2, a target on 127.0.0.3,
/// and the control plane — with clients of its hosts.
/// </summary>
public sealed class TestSimulator : IAsyncDisposable
{
    private readonly TestHosts _hosts;

    internal TestSimulator(TestHosts hosts, Simulator simulator)
    {
        _hosts = hosts;
        Simulator = simulator;
        Control = ControlClient(hosts.ControlToken);
    }

    public Simulator Simulator { get; }

    /// <summary>A client of the control plane (with the control token when one is set).</summary>
    public HttpClient Control { get; }

    public HostedAppliance Source => Simulator.Find(Defaults.SourceName)!;
    public HostedAppliance Target => Simulator.Find(Defaults.TargetName)!;

    /// <summary>The control plane's real URL (port 0 resolved), which a browser opens.</summary>
    public Uri ControlUrl => Simulator.ControlUrl;

    /// <summary>The appliances' password (user <see cref="Defaults.UserName"/>).</summary>
    public string Password => _hosts.Password;

    /// <summary>A new client of the control plane, sending <paramref name="token"/> as its bearer token if given.</summary>
    public HttpClient ControlClient(string? token = null) => _hosts.ControlClient(Simulator.Control!, token);

    /// <summary>A client of the appliance named <paramref name="name"/> (as the control plane created it).</summary>
    public HttpClient ApplianceClient(string name) => ApplianceClient(Simulator.Find(name) ?? throw new InvalidOperationException($"No appliance {name}."));

    /// <summary>A client of an appliance's OME API; over real TLS it may present <paramref name="clientCertificate"/> (with its intermediates).</summary>
    public HttpClient ApplianceClient(HostedAppliance node, X509Certificate2? clientCertificate = null, X509Certificate2Collection? intermediates = null) =>
        _hosts.ApplianceClient(node, clientCertificate is null ? null : SslStreamCertificateContext.Create(clientCertificate, intermediates, offline: true));

    /// <summary>A client of an appliance's OME API that sends the user name and <see cref="Password"/> on every request.</summary>
    public HttpClient BasicClient(HostedAppliance node)
    {
        var client = ApplianceClient(node);
        client.DefaultRequestHeaders.Authorization = TestAppliance.Basic(Defaults.UserName, Password);
        return client;
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

    /// <summary>Signs a CSR through the control plane's test CA; answers the chain as PEM.</summary>
    public async Task<string> SignAsync(string csr, string profile)
    {
        using var response = await Control.PostAsync($"/pki/sign?profile={profile}", new StringContent(csr, Encoding.UTF8, "application/x-pem-file"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }

    /// <summary>Provisions an appliance with a chain of <paramref name="profile"/> through the control plane.</summary>
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
