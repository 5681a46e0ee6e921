using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace OmeSim.Tests.Robustness;

/// <summary>An answer as a client saw it, from HttpClient or from a raw TLS socket.</summary>
public sealed record Answer(string Case, int Status, string? ContentType, bool HasODataHeader, string Body, TimeSpan Elapsed)
{
    /// <summary>What Kestrel answers itself while reading the request line and headers, before OmeSim sees it: no body, no OData header.</summary>
    public bool IsKestrelOwn => Status is 400 or 413 or 414 or 431 && !HasODataHeader && Body.Length == 0;

    /// <summary>Null when this is a 4xx with OME's error envelope; else what is wrong with it.</summary>
    public string? EnvelopeProblem()
    {
        if (Status is < 400 or > 499)
        {
            return $"status {Status}";
        }
        if (ContentType != "application/json; odata.metadata=minimal")
        {
            return $"content type '{ContentType}'";
        }
        try
        {
            using var doc = JsonDocument.Parse(Body);
            var error = doc.RootElement.GetProperty("error");
            var id = error.GetProperty("@Message.ExtendedInfo")[0].GetProperty("MessageId").GetString();
            return error.GetProperty("code").GetString() == "Base.1.0.GeneralError" && id is not null && OmeWords.ById.ContainsKey(id)
                ? null
                : $"envelope without a known MessageId: {Body}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return $"not OME's envelope: {Body[..Math.Min(Body.Length, 200)]}";
        }
    }
}

/// <summary>Real sockets against a running appliance: TLS handshakes, raw HTTP/1.1 requests, state fingerprints.</summary>
public static class Probe
{
    public static readonly TimeSpan RequestBound = TimeSpan.FromSeconds(10);

    /// <summary>The leaf the HTTPS port serves to a new connection, from a real TLS handshake.</summary>
    public static async Task<X509Certificate2> ServedLeafAsync(Uri url)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port);
        await using var tls = new SslStream(client.GetStream(), false, TestClients.TrustAll);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.Host });
        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }

    /// <summary>Sends <paramref name="request"/> as is on a new TLS connection (it should say Connection: close) and reads the answer.</summary>
    public static async Task<Answer> RawAsync(Uri url, string name, byte[] request)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(RequestBound);
        using var client = new TcpClient();
        await client.ConnectAsync(url.Host, url.Port, timeout.Token);
        await using var tls = new SslStream(client.GetStream(), false, TestClients.TrustAll);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.Host }, timeout.Token);
        try
        {
            await tls.WriteAsync(request, timeout.Token);
            await tls.FlushAsync(timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before the whole request is written (a header too large): read what it said.
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await tls.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (Complete(buffer.ToArray()))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
        }
        return Parse(name, buffer.ToArray(), watch.Elapsed);
    }

    public static async Task<Answer> SendAsync(HttpClient client, string name, HttpRequestMessage request)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(RequestBound);
        using var response = await client.SendAsync(request, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        return new Answer(name, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(),
            response.Headers.Contains("OData-Version"), body, watch.Elapsed);
    }

    /// <summary>Every file under the data folder but the application log (which rightly records rejected uploads), by SHA-256.</summary>
    public static SortedDictionary<string, string> FilesOf(string dataDirectory)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(dataDirectory, path);
            if (relative.StartsWith("tomcat", StringComparison.Ordinal))
            {
                continue;
            }
            files[relative] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        return files;
    }

    public static HttpClient Client(Uri baseAddress, int connections = 8) =>
        new(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = TestClients.TrustAll },
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        })
        { BaseAddress = baseAddress, Timeout = RequestBound };

    private static bool Complete(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }
        var length = HeaderOf(text[..end], "Content-Length");
        return length is not null && int.TryParse(length, out var n) && bytes.Length >= end + 4 + n;
    }

    private static Answer Parse(string name, byte[] bytes, TimeSpan elapsed)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || end < 0)
        {
            return new Answer(name, 0, null, false, $"no HTTP answer ({bytes.Length} bytes)", elapsed);
        }
        var head = text[..end];
        var status = int.Parse(head.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        return new Answer(name, status, HeaderOf(head, "Content-Type"), HeaderOf(head, "OData-Version") is not null, text[(end + 4)..], elapsed);
    }

    private static string? HeaderOf(string head, string header) =>
        head.Split("\r\n").Skip(1)
            .Where(l => l.StartsWith(header + ":", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[(header.Length + 1)..].Trim())
            .FirstOrDefault();
}
