using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace OmeSim.Tests.Exactness;

/// <summary>One raw HTTP/1.1 exchange over real TLS, byte for byte as a client library would see it.</summary>
public sealed record RawResponse(string StatusLine, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public int Status => int.Parse(StatusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public bool Has(string name) => Headers.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The MessageId of OME's error envelope; fails when the body is not that envelope with OME's content type.</summary>
    public string ErrorMessageId()
    {
        Assert.Equal("application/json; odata.metadata=minimal", Header("Content-Type"));
        using var doc = JsonDocument.Parse(Body);
        return doc.RootElement.GetProperty("error").GetProperty("@Message.ExtendedInfo")[0].GetProperty("MessageId").GetString()!;
    }
}

public static class RawHttp
{
    /// <summary>
    /// Sends <paramref name="head"/> (request line and headers, without the blank line; <c>Connection: close</c> is added)
    /// and <paramref name="body"/>, then reads the whole answer until the server closes.
    /// </summary>
    public static async Task<RawResponse> SendAsync(Uri url, string head, byte[]? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        await using var ssl = new SslStream(tcp.GetStream(), false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = url.Host,
            RemoteCertificateValidationCallback = TestClients.TrustAll,
        });
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\nConnection: close\r\n\r\n"));
        if (body is not null)
        {
            await ssl.WriteAsync(body);
        }
        await ssl.FlushAsync();
        using var all = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await ssl.CopyToAsync(all, timeout.Token);
        return Parse(all.ToArray());
    }

    /// <summary>Sends the head, waits for the interim 100 Continue, then the body; returns the interim line and the answer.</summary>
    public static async Task<(string Interim, RawResponse Response)> SendExpectingContinueAsync(Uri url, string head, byte[] body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        await using var ssl = new SslStream(tcp.GetStream(), false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = url.Host,
            RemoteCertificateValidationCallback = TestClients.TrustAll,
        });
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(head + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"));
        await ssl.FlushAsync();
        var interim = new StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!interim.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await ssl.ReadAsync(one, timeout.Token) == 1)
        {
            interim.Append((char)one[0]);
        }
        await ssl.WriteAsync(body, timeout.Token);
        await ssl.FlushAsync(timeout.Token);
        using var all = new MemoryStream();
        await ssl.CopyToAsync(all, timeout.Token);
        return (interim.ToString().TrimEnd(), Parse(all.ToArray()));
    }

    public static string Basic() => "Authorization: " + TestAppliance.Basic();

    private static RawResponse Parse(byte[] bytes)
    {
        var end = IndexOf(bytes, "\r\n\r\n"u8);
        Assert.True(end >= 0, "No complete response head: " + Encoding.ASCII.GetString(bytes));
        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var headers = lines.Skip(1).Select(l =>
        {
            var colon = l.IndexOf(':');
            return new KeyValuePair<string, string>(l[..colon], l[(colon + 1)..].Trim());
        }).ToList();
        var rest = bytes[(end + 4)..];
        if (headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            rest = Dechunk(rest);
        }
        return new RawResponse(lines[0], headers, rest);
    }

    private static byte[] Dechunk(byte[] data)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = IndexOf(data.AsSpan(position), "\r\n"u8) + position;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(data, position, lineEnd - position).Split(';')[0], 16);
            if (size == 0)
            {
                return output.ToArray();
            }
            output.Write(data, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
