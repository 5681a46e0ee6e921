using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OmeSim.Core.Appliances;
using OmeSim.Core.Pki;
using Xunit.Abstractions;

namespace OmeSim.Tests.Robustness;

public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const string Password = "Crash-Test#Secret-7311";
    private const int Rounds = 3;
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(60);

    [Trait("Speed", "Slow")]
    [Fact]
    public async Task Serve_killed_with_sigkill_during_uploads_restarts_on_a_whole_state_old_or_new_every_time()
    {
        var data = Directory.CreateTempSubdirectory("omesim-crash-");
        var random = new Random(4242);
        var known = new HashSet<string>();
        try
        {
            _ = TestPki.Ca.Root;
            for (var round = 1; round <= Rounds; round++)
            {
                await using var serve = await ServeProcess.StartAsync(data.FullName, Password, ReadyWithin);
                var before = await CheckWholeStateAsync(serve, data.FullName, known, $"round {round}, after restart");
                known.Add(before);

                using var cancel = new CancellationTokenSource();
                var attempts = 0;
                var loop = Task.Run(async () =>
                {
                    using var client = Client(serve.ApplianceUrl);
                    while (!cancel.IsCancellationRequested)
                    {
                        try
                        {
                            var fields = BadInput.ValidCsrJson.Replace("ome.example.com", $"crash-{round}-{attempts}.example.com", StringComparison.Ordinal);
                            var csr = await client.PostAsync("/api/ApplicationService/Actions/ApplicationService.GenerateCSR",
                                new StringContent(fields, Encoding.UTF8, "application/json"), cancel.Token);
                            var answer = JsonDocument.Parse(await csr.Content.ReadAsStringAsync(cancel.Token)).RootElement;
                            var pem = answer.GetProperty("CertificateData").GetString()!;
                            var chain = TestPki.Ca.Sign(pem, TestCa.Good);
                            lock (known)
                            {
                                known.Add(chain.Leaf.Thumbprint);
                            }
                            Interlocked.Increment(ref attempts);
                            await client.PostAsync("/api/ApplicationService/Actions/ApplicationService.UploadCertChain",
                                new ByteArrayContent(Encoding.ASCII.GetBytes(chain.ToPem())), cancel.Token);
                        }
                        catch (Exception e)
                            when (e is HttpRequestException or OperationCanceledException or IOException or JsonException or KeyNotFoundException)
                        {
                            // The process is being killed under the loop: whatever it was doing is cut off.
                        }
                    }
                });

                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(400, 1800)));
                serve.Kill();
                await cancel.CancelAsync();
                await loop;
                output.WriteLine($"Round {round}: killed pid {serve.Pid} after {attempts} upload(s) started.");
                Assert.DoesNotContain(Password, serve.Console, StringComparison.Ordinal);
            }

            await using var last = await ServeProcess.StartAsync(data.FullName, Password, ReadyWithin);
            var final = await CheckWholeStateAsync(last, data.FullName, known, "after the last kill");
            output.WriteLine($"Served at the end: {final} ({(final == known.First() ? "factory certificate" : "an uploaded chain")}).");
            Assert.DoesNotContain(Password, last.Console, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>The state loads, one generation is left, the served leaf is the one on disk and carries server.key, and it is one we know.</summary>
    private static async Task<string> CheckWholeStateAsync(ServeProcess serve, string dataDirectory, HashSet<string> known, string when)
    {
        var store = new FileApplianceStore(Path.Combine(dataDirectory, "appliance"));
        var generation = store.CurrentGenerationDirectory ?? throw new Xunit.Sdk.XunitException($"{when}: no current generation.");
        Assert.Single(Directory.GetDirectories(store.StateDirectory));
        var chainPem = File.ReadAllText(Path.Combine(generation, FileApplianceStore.ServerChainFile));
        var keyPem = File.ReadAllText(Path.Combine(generation, FileApplianceStore.ServerKeyFile));
        using var onDisk = X509Certificate2.CreateFromPem(chainPem, keyPem);
        using var key = RSA.Create();
        key.ImportFromPem(keyPem);
        Assert.True(onDisk.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()),
            $"{when}: server.pem does not carry server.key.");

        var served = await Probe.ServedLeafAsync(serve.ApplianceUrl);
        Assert.Equal(onDisk.Thumbprint, served.Thumbprint);
        using var client = Client(serve.ApplianceUrl);
        var reported = JsonDocument.Parse(await client.GetStringAsync("/api/ApplicationService/Certificate")).RootElement.GetProperty("value")[0];
        Assert.Equal(served.GetNameInfo(X509NameType.SimpleName, false), reported.GetProperty("IssuedTo").GetProperty("DistinguishedName").GetString());
        lock (known)
        {
            Assert.True(known.Count == 0 || known.Contains(served.Thumbprint),
                $"{when}: the served certificate {served.Subject} is neither the old one nor one that was uploaded.");
        }
        return served.Thumbprint;
    }

    private static HttpClient Client(Uri url) =>
        new(TestClients.Handler())
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(10),
            DefaultRequestHeaders =
            {
                Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password))),
            },
        };
}
