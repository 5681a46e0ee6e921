using System.Collections.Concurrent;
using System.Text.Json;
using OmeSim.Core.Sessions;
using OmeSim.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OmeSim.Tests.Robustness;

public sealed class BadInputCorpusTests(ITestOutputHelper output)
{
    [Trait("Speed", "Slow")]
    [Fact]
    public async Task Every_bad_request_over_a_real_socket_gets_a_4xx_envelope_in_bounded_time_and_changes_nothing()
    {
        var data = Directory.CreateTempSubdirectory("omesim-corpus-");
        try
        {
            var hosts = new TestHosts
            {
                RealTls = true, DataDirectory = data.FullName, Customize = o => o with { SessionLimits = new SessionLimits(100, TimeSpan.FromSeconds(1)) },
            };
            await using var appliance = await hosts.StartApplianceAsync();
            using var client = Probe.Client(appliance.Node.Url);

            var csrAnswer = await OmeAssert.JsonAsync(await client.SendAsync(BadInput.Json(BadInput.CsrPath, BadInput.ValidCsrJson)));
            var csr = csrAnswer.GetProperty("CertificateData").GetString()!;
            var goodChain = TestPki.Ca.Sign(csr, Core.Pki.TestCa.Good);
            var expiring = await LoginAsync(client);
            var deleted = await LoginAsync(client);
            using var logout = new HttpRequestMessage(HttpMethod.Delete, $"/api/SessionService/Sessions('{deleted.Id}')")
            {
                Headers = { Authorization = TestAppliance.Basic() },
            };
            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.SendAsync(logout)).StatusCode);
            // Past the 1 s idle timeout on the appliance's clock, without sleeping.
            appliance.Node.Clock.Set(null, 2, frozen: false);

            var corpus = BadInput.Corpus(goodChain, csr, [expiring.Token, deleted.Token], appliance.Node.Options.MaxRequestBodyBytes);
            var servedBefore = (await Probe.ServedLeafAsync(appliance.Node.Url)).Thumbprint;
            var reportedBefore = await ReportedAsync(client);
            var filesBefore = Probe.FilesOf(data.FullName);
            Assert.Contains(filesBefore.Keys, k => k.EndsWith("csr.key", StringComparison.Ordinal));

            var answers = new ConcurrentBag<Answer>();
            await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, _) =>
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    answers.Add(c.Raw is { } raw
                        ? await Probe.RawAsync(appliance.Node.Url, c.Name, raw)
                        : await Probe.SendAsync(client, c.Name, c.Request!()));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    answers.Add(new Answer(c.Name, 0, null, false, $"{e.GetType().Name}: {e.Message} {e.InnerException?.Message}", watch.Elapsed));
                }
            });

            var kestrel = answers.Where(a => a.IsKestrelOwn).ToList();
            var reached = answers.Except(kestrel).ToList();
            var wrong = reached.Select(a => (a, Problem: a.EnvelopeProblem())).Where(x => x.Problem is not null).ToList();
            output.WriteLine($"Bad-input corpus: {corpus.Count} cases; {reached.Count} reached OmeSim and got a 4xx envelope or not "
                + $"({wrong.Count} not); {kestrel.Count} refused by Kestrel while reading headers.");
            output.WriteLine("By status: " + string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
            output.WriteLine("By MessageId: "
                + string.Join(", ", reached.Select(MessageIdOf).GroupBy(m => m).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));
            output.WriteLine("Kestrel's own: " + string.Join("; ", kestrel.Select(a => $"{a.Case} -> {a.Status}")));
            output.WriteLine("Slowest: "
                + string.Join("; ", answers.OrderByDescending(a => a.Elapsed).Take(3).Select(a => $"{a.Case} {a.Elapsed.TotalMilliseconds:0} ms")));

            Assert.True(corpus.Count >= 300, $"The corpus has {corpus.Count} cases.");
            Assert.True(wrong.Count == 0, "Not a 4xx with OME's envelope:\n"
                + string.Join("\n", wrong.Select(x => $"{x.a.Case}: {x.Problem}{(x.a.Status == 0 ? " " + x.a.Body : "")}")));
            Assert.All(kestrel, a => Assert.StartsWith("raw ", a.Case, StringComparison.Ordinal));
            Assert.All(answers, a => Assert.True(a.Elapsed < Probe.RequestBound, $"{a.Case} took {a.Elapsed}"));

            Assert.Equal(servedBefore, (await Probe.ServedLeafAsync(appliance.Node.Url)).Thumbprint);
            Assert.Equal(reportedBefore, await ReportedAsync(client));
            Assert.Equal(filesBefore, Probe.FilesOf(data.FullName));
            // Still answers, and the pending CSR is still the one the good chain was issued for.
            var upload = BadInput.Post(BadInput.ChainPath, System.Text.Encoding.ASCII.GetBytes(goodChain.ToPem()), "application/octet-stream");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.SendAsync(upload)).StatusCode);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    internal static async Task<(string Id, string Token)> LoginAsync(HttpClient client)
    {
        var response = await client.SendAsync(BadInput.Json(BadInput.SessionsPath, BadInput.ValidLoginJson, auth: false));
        var body = await OmeAssert.JsonAsync(response, System.Net.HttpStatusCode.Created);
        return (body.GetProperty("Id").GetString()!, response.Headers.GetValues("X-Auth-Token").Single());
    }

    internal static async Task<string> ReportedAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ApplicationService/Certificate")
        {
            Headers = { Authorization = TestAppliance.Basic() },
        };
        var response = await client.SendAsync(request);
        return (await OmeAssert.JsonAsync(response)).GetProperty("value")[0].GetRawText();
    }

    private static string MessageIdOf(Answer answer)
    {
        try
        {
            using var doc = JsonDocument.Parse(answer.Body);
            return doc.RootElement.GetProperty("error").GetProperty("@Message.ExtendedInfo")[0].GetProperty("MessageId").GetString() ?? "?";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"none ({answer.Status})";
        }
    }
}
