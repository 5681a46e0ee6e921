using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using OmeSim.Core.Appliances;
using OmeSim.Hosting;

namespace OmeSim.Tests.Infrastructure;

/// <summary>
/// One appliance built by the same composition function as <c>serve</c>: over TestServer for HTTP tests,
/// or on a real Kestrel socket on loopback for TLS tests. Each test gets a fresh appliance.
/// </summary>
public sealed class TestAppliance : IAsyncDisposable
{
    /// <summary>Shared by every test of the run: RSA keys cost ~0.2 s each, and tests that are not about keys needn't wait.</summary>
    public static readonly RsaKeyPool Keys = new(new RsaKeyPoolOptions { Capacity = 4 });

    private TestAppliance(HostedAppliance node, HttpClient client)
    {
        Node = node;
        Client = client;
    }

    public HostedAppliance Node { get; }
    public Appliance Appliance => Node.Appliance;

    /// <summary>A client without credentials.</summary>
    public HttpClient Client { get; }

    /// <summary>On a TestServer; <c>hostTime</c> is the host's clock (a fake one drives delays), the system's by default.</summary>
    public static Task<TestAppliance> StartAsync(
        string version = Defaults.TargetVersion,
        string? dataDirectory = null,
        Func<ApplianceOptions, ApplianceOptions>? customize = null,
        TimeProvider? hostTime = null) =>
        StartAsync(realTls: false, "127.0.0.1", version, dataDirectory, customize, hostTime);

    /// <summary>On a real Kestrel socket; <c>hostTime</c> is the host's clock (a fake one drives timeouts), the system's by default.</summary>
    public static Task<TestAppliance> StartTlsAsync(
        string address = "127.0.0.1",
        string version = Defaults.TargetVersion,
        string? dataDirectory = null,
        Func<ApplianceOptions, ApplianceOptions>? customize = null,
        TimeProvider? hostTime = null) =>
        StartAsync(realTls: true, address, version, dataDirectory, customize, hostTime);

    private static async Task<TestAppliance> StartAsync(
        bool realTls,
        string address,
        string version,
        string? dataDirectory,
        Func<ApplianceOptions, ApplianceOptions>? customize,
        TimeProvider? hostTime = null)
    {
        var options = new ApplianceOptions
        {
            Name = "appliance",
            Url = new Uri($"https://{address}:0"),
            Version = version,
            DataDirectory = dataDirectory,
        };
        options = customize?.Invoke(options) ?? options;
        var node = new HostedAppliance(options, Keys, hostTime);
        if (realTls)
        {
            await node.StartAsync();
            var handler = TestClients.Handler();
            return new TestAppliance(node, new HttpClient(handler) { BaseAddress = node.Url });
        }
        await node.StartAsync(b => b.WebHost.UseTestServer());
        var client = node.App.GetTestClient();
        client.BaseAddress = new Uri("https://127.0.0.1/");
        return new TestAppliance(node, client);
    }

    public static AuthenticationHeaderValue Basic(string user = Defaults.UserName, string password = Defaults.Password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Sends with Basic credentials unless <paramref name="auth"/> says otherwise.</summary>
    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, HttpContent? content = null, AuthenticationHeaderValue? auth = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Add("X-Auth-Token", token);
        }
        else
        {
            request.Headers.Authorization = auth ?? Basic();
        }
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostBytesAsync(string path, byte[] body, string contentType = "application/octet-stream") =>
        SendAsync(HttpMethod.Post, path, new ByteArrayContent(body) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Node.DisposeAsync();
    }
}
