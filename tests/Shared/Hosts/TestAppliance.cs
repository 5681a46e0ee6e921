using System.Net.Http.Headers;
using System.Text;
using OmeSim.Core.Appliances;
using OmeSim.Hosting;

namespace OmeSim.Testing;

/// <summary>One appliance, as <see cref="TestHosts.StartApplianceAsync"/> built it, and a client of its OME API.</summary>
public sealed class TestAppliance : IAsyncDisposable
{
    internal TestAppliance(HostedAppliance node, HttpClient client, IServiceProvider services)
    {
        Node = node;
        Client = client;
        Services = services;
    }

    public HostedAppliance Node { get; }
    public Appliance Appliance => Node.Appliance;

    /// <summary>A client without credentials.</summary>
    public HttpClient Client { get; }

    /// <summary>The services of the appliance's host (its routes, its TestServer).</summary>
    public IServiceProvider Services { get; }

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
