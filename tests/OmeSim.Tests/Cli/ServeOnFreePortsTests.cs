using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OmeSim.Tests.Robustness;

namespace OmeSim.Tests.Cli;

/// <summary><c>serve --appliances N --control http://127.0.0.1:0 --ready-file PATH</c> as a harness runs it: a real child process.</summary>
public class ServeOnFreePortsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Serve_on_free_ports_writes_the_ready_file_with_real_ports_and_rewrites_it_as_appliances_come_and_go()
    {
        var folder = Directory.CreateTempSubdirectory("omesim-ready-");
        var readyFile = Path.Combine(folder.FullName, "r.json");
        try
        {
            await using var serve = ServeProcess.Launch([
                "--appliances", "2", "--appliance", "solo=https://127.0.0.1:0", "--control", "http://127.0.0.1:0",
                "--ready-file", readyFile, "--in-memory",
            ]);
            var ready = await ReadWhenAsync(readyFile, serve, r => true);
            var control = new Uri(ready.GetProperty("Control").GetString()!);
            var appliances = ready.GetProperty("Appliances").EnumerateArray().ToList();

            Assert.Equal("127.0.0.1", control.Host);
            Assert.NotEqual(0, control.Port);
            Assert.Equal<string>(["solo", "ome-1", "ome-2"], appliances.Select(a => a.GetProperty("Name").GetString()!).ToArray());
            Assert.All(appliances, a => Assert.Equal("4.0.1", a.GetProperty("Version").GetString()));
            var urls = appliances.Select(a => new Uri(a.GetProperty("Url").GetString()!)).ToList();
            Assert.All(urls, u => Assert.NotEqual(0, u.Port));
            Assert.Equal(3, urls.Select(u => u.Port).Distinct().Count());
            using var http = Client();
            foreach (var url in urls)
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "/api/ApplicationService/Info"))).StatusCode);
                Assert.Contains(BannerLines(serve),
                    l => l.Contains(url.ToString(), StringComparison.Ordinal) && l.EndsWith("web console and REST API", StringComparison.Ordinal));
            }
            Assert.Contains(BannerLines(serve), l => l.Contains(control.ToString(), StringComparison.Ordinal) && l.Contains(" dashboard; "));

            using var content = new StringContent("""{"Name":"extra"}""", Encoding.UTF8, "application/json");
            var created = await http.PostAsync(new Uri(control, "/appliances"), content);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var withExtra = await ReadWhenAsync(readyFile, serve, r => r.GetProperty("Appliances").GetArrayLength() == 4);
            Assert.Equal("extra", withExtra.GetProperty("Appliances")[3].GetProperty("Name").GetString());

            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync(new Uri(control, "/appliances/ome-1"))).StatusCode);
            var after = await ReadWhenAsync(readyFile, serve, r => r.GetProperty("Appliances").GetArrayLength() == 3);
            var names = after.GetProperty("Appliances").EnumerateArray().Select(a => a.GetProperty("Name").GetString()!).ToArray();
            Assert.Equal<string>(["solo", "ome-2", "extra"], names);
            Assert.Empty(Directory.GetFiles(folder.FullName, "*.tmp"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string[] BannerLines(ServeProcess serve) => serve.Console.Split('\n', StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Serve_with_no_appliances_is_ready_and_lists_none()
    {
        var folder = Directory.CreateTempSubdirectory("omesim-ready-");
        var readyFile = Path.Combine(folder.FullName, "r.json");
        try
        {
            await using var serve = ServeProcess.Launch(["--appliances", "0", "--control", "http://127.0.0.1:0", "--ready-file", readyFile, "--in-memory"]);
            var ready = await ReadWhenAsync(readyFile, serve, r => true);
            var control = new Uri(ready.GetProperty("Control").GetString()!);
            using var http = Client();

            Assert.Equal(0, ready.GetProperty("Appliances").GetArrayLength());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(control, "/health/ready"))).StatusCode);
            Assert.Equal("[]", await http.GetStringAsync(new Uri(control, "/appliances")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static HttpClient Client()
    {
        var handler = TestClients.Handler();
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:OmeSim#2026!")));
        return client;
    }

    /// <summary>The ready file once it exists and <paramref name="condition"/> holds; it is replaced whole, never seen half-written.</summary>
    private static async Task<JsonElement> ReadWhenAsync(string path, ServeProcess serve, Func<JsonElement, bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(serve.HasExited, $"serve exited:\n{serve.Console}");
            if (File.Exists(path))
            {
                var parsed = JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement.Clone();
                if (condition(parsed))
                {
                    return parsed;
                }
            }
            Assert.True(watch.Elapsed < Patience, $"no ready file as expected within {Patience}:\n{serve.Console}");
            await Task.Delay(50);
        }
    }
}
