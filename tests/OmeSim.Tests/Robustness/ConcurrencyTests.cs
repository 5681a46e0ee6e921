using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;
using Xunit.Abstractions;

namespace OmeSim.Tests.Robustness;

public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);
    private static readonly Lock Signing = new();

    [Trait("Speed", "Slow")]
    [Fact]
    public async Task Parallel_csrs_uploads_reads_and_session_churn_never_answer_5xx_and_disk_port_and_api_agree_at_the_end()
    {
        var data = Directory.CreateTempSubdirectory("omesim-concurrency-");
        try
        {
            await using var appliance = await new TestHosts { RealTls = true, DataDirectory = data.FullName }.StartApplianceAsync();
            using var client = Probe.Client(appliance.Node.Url, connections: 16);
            var statuses = new ConcurrentDictionary<string, ConcurrentBag<int>>();
            _ = TestPki.Ca.Root;
            var uploaded = 0;
            var requests = 0;
            var watch = Stopwatch.StartNew();

            async Task<HttpResponseMessage> Send(string op, HttpRequestMessage request)
            {
                var response = await client.SendAsync(request);
                statuses.GetOrAdd(op, _ => []).Add((int)response.StatusCode);
                Interlocked.Increment(ref requests);
                return response;
            }

            async Task Worker(int id)
            {
                var random = new Random(1000 + id);
                var n = 0;
                while (watch.Elapsed < Duration)
                {
                    n++;
                    // Two workers make CSRs and upload chains for them (a key costs ~0.2 s); the others hammer the rest.
                    var dice = id < 2 ? 0 : random.Next(15, 100);
                    if (dice < 15)
                    {
                        var fields = BadInput.ValidCsrJson.Replace("ome.example.com", $"w{id}-{n}.example.com", StringComparison.Ordinal);
                        var response = await Send("GenerateCSR", BadInput.Json(BadInput.CsrPath, fields));
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            continue;
                        }
                        var csr = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("CertificateData").GetString()!;
                        IssuedChain chain;
                        lock (Signing)
                        {
                            chain = TestPki.Ca.Sign(csr, TestCa.Good);
                        }
                        // Another worker may have made a newer CSR meanwhile: then this upload is refused (CSR key), never half-done.
                        var upload = await Send(
                            "UploadCertChain good", BadInput.Post(BadInput.ChainPath, Encoding.ASCII.GetBytes(chain.ToPem()), "application/octet-stream"));
                        if (upload.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref uploaded);
                        }
                    }
                    else if (dice < 30)
                    {
                        var junk = new byte[random.Next(1, 2000)];
                        random.NextBytes(junk);
                        var path = random.Next(2) == 0 ? BadInput.ChainPath : BadInput.SinglePath;
                        await Send("upload bad", BadInput.Post(path, junk, "application/octet-stream"));
                    }
                    else if (dice < 45)
                    {
                        var login = await Send("login", BadInput.Json(BadInput.SessionsPath, BadInput.ValidLoginJson, auth: false));
                        if (login.StatusCode == HttpStatusCode.Created)
                        {
                            var token = login.Headers.GetValues("X-Auth-Token").Single();
                            var sessionId = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("Id").GetString();
                            var read = new HttpRequestMessage(HttpMethod.Get, BadInput.InfoPath);
                            read.Headers.Add("X-Auth-Token", token);
                            await Send("Info by token", read);
                            var logout = new HttpRequestMessage(HttpMethod.Delete, $"/api/SessionService/Sessions('{sessionId}')");
                            logout.Headers.Add("X-Auth-Token", token);
                            await Send("logout", logout);
                        }
                    }
                    else
                    {
                        var path = random.Next(2) == 0 ? BadInput.InfoPath : "/api/ApplicationService/Certificate";
                        await Send("read", new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = TestAppliance.Basic() } });
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => Worker(i))));

            output.WriteLine($"{requests} requests in {watch.Elapsed.TotalSeconds:0.0} s, {uploaded} chains uploaded.");
            foreach (var (op, codes) in statuses.OrderBy(s => s.Key))
            {
                output.WriteLine($"  {op}: " + string.Join(", ", codes.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")));
            }
            Assert.DoesNotContain(statuses.Values.SelectMany(c => c), c => c >= 500);
            Assert.True(uploaded > 0, "No chain upload succeeded: the test proved nothing about the end state.");

            var store = new FileApplianceStore(data.FullName);
            var onDisk = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(store.CurrentGenerationDirectory!, FileApplianceStore.ServerChainFile)));
            var served = await Probe.ServedLeafAsync(appliance.Node.Url);
            var reported = JsonDocument.Parse(await BadInputCorpusTests.ReportedAsync(client)).RootElement;
            Assert.Equal(onDisk.Thumbprint, served.Thumbprint);
            Assert.Equal(onDisk.GetNameInfo(X509NameType.SimpleName, false), reported.GetProperty("IssuedTo").GetProperty("DistinguishedName").GetString());
            Assert.Equal(CertificateNames.OfSubject(served).CommonName, reported.GetProperty("IssuedTo").GetProperty("DistinguishedName").GetString());
            Assert.Equal(OmeSim.Core.Messages.OmeTime.IsoSeconds(onDisk.NotBefore), reported.GetProperty("ValidFrom").GetString());
            Assert.Equal(OmeSim.Core.Messages.OmeTime.IsoSeconds(onDisk.NotAfter), reported.GetProperty("ValidTo").GetString());
            Assert.StartsWith("w", onDisk.GetNameInfo(X509NameType.SimpleName, false), StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
