using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OmeSim.Core.Pki;
using OmeSim.Hosting;
using OmeSim.Tests.Migration;

namespace OmeSim.Tests.Exactness;

/// <summary>
/// The appliance API's OpenAPI document (/openapi/ome.json) against the appliance: every path, method and status it
/// lists is provoked and really answered — with each documented error example's MessageId, Message, MessageArgs and
/// Resolution, and each documented body's top-level properties — and every route the appliance serves is in it.
/// </summary>
public class OpenApiDocumentTests
{
    private const long SmallBodyLimit = 4096;

    private static readonly JsonObject Document = LoadDocument();

    /// <summary>How to make the appliance give each documented answer; keyed "METHOD path status[ example]".</summary>
    private static readonly Dictionary<string, Func<Task<HttpResponseMessage>>> Provocations = new()
    {
        ["POST /api/SessionService/Sessions 201"] = () => OnAppliance(a => a.PostJsonAsync(SessionsPath, Login("API"))),
        ["POST /api/SessionService/Sessions 400 CGEN6002"] = () => OnAppliance(a => a.PostJsonAsync(SessionsPath, Login("Console"))),
        ["POST /api/SessionService/Sessions 400 CGEN1008"] = () => OnAppliance(async a =>
        {
            (await a.PostJsonAsync(SessionsPath, Login("API"))).Dispose();
            return await a.PostJsonAsync(SessionsPath, Login("API"));
        }, oneSession: true),
        ["POST /api/SessionService/Sessions 401"] = () => OnAppliance(a => a.PostJsonAsync(SessionsPath, Login("API", "wrong"))),
        ["POST /api/SessionService/Sessions 413"] = () => OnAppliance(a => a.PostJsonAsync(SessionsPath, Oversized())),
        ["GET /api/SessionService/Sessions 200"] = () => OnAppliance(a => a.GetAsync(SessionsPath)),
        ["GET /api/SessionService/Sessions 401"] = () => Unauthenticated(HttpMethod.Get, SessionsPath),
        ["GET /api/SessionService/Sessions('{Id}') 200"] = () => OnAppliance(async a => await a.GetAsync($"{SessionsPath}('{await SessionIdAsync(a)}')")),
        ["GET /api/SessionService/Sessions('{Id}') 401"] = () => Unauthenticated(HttpMethod.Get, $"{SessionsPath}('x')"),
        ["GET /api/SessionService/Sessions('{Id}') 404"] = () => OnAppliance(a => a.GetAsync($"{SessionsPath}('{Guid.NewGuid()}')")),
        ["DELETE /api/SessionService/Sessions('{Id}') 204"] = () => OnAppliance(async a =>
            await a.SendAsync(HttpMethod.Delete, $"{SessionsPath}('{await SessionIdAsync(a)}')")),
        ["DELETE /api/SessionService/Sessions('{Id}') 401"] = () => Unauthenticated(HttpMethod.Delete, $"{SessionsPath}('x')"),
        ["DELETE /api/SessionService/Sessions('{Id}') 404"] = () => OnAppliance(a => a.SendAsync(HttpMethod.Delete, $"{SessionsPath}('{Guid.NewGuid()}')")),
        ["GET /api/SessionService/SessionConfiguration 200"] = () => OnAppliance(a => a.GetAsync("/api/SessionService/SessionConfiguration")),
        ["GET /api/SessionService/SessionConfiguration 401"] = () => Unauthenticated(HttpMethod.Get, "/api/SessionService/SessionConfiguration"),
        ["GET /api/ApplicationService/Info 200"] = () => OnAppliance(a => a.GetAsync("/api/ApplicationService/Info")),
        ["GET /api/ApplicationService/Info 401"] = () => Unauthenticated(HttpMethod.Get, "/api/ApplicationService/Info"),
        ["GET /api/ApplicationService/Certificate 200"] = () => OnAppliance(a => a.GetAsync("/api/ApplicationService/Certificate")),
        ["GET /api/ApplicationService/Certificate 401"] = () => Unauthenticated(HttpMethod.Get, "/api/ApplicationService/Certificate"),
        ["GET /api/ApplicationService/CertificateChain 200"] = () => OnAppliance(a => a.GetAsync("/api/ApplicationService/CertificateChain")),
        ["GET /api/ApplicationService/CertificateChain 401"] = () => Unauthenticated(HttpMethod.Get, "/api/ApplicationService/CertificateChain"),
        ["POST " + CsrPath + " 200"] = () => OnAppliance(a => a.PostJsonAsync(CsrPath, CsrFields("US"))),
        ["POST " + CsrPath + " 400"] = () => OnAppliance(a => a.PostJsonAsync(CsrPath, CsrFields("USA"))),
        ["POST " + CsrPath + " 401"] = () => Unauthenticated(HttpMethod.Post, CsrPath),
        ["POST " + CsrPath + " 413"] = () => OnAppliance(a => a.PostJsonAsync(CsrPath, Oversized())),
        ["POST " + CertificatePath + " 200"] = () => OnAppliance(async a => await a.PostBytesAsync(CertificatePath, Bytes((await SignedAsync(a)).LeafPem()))),
        ["POST " + CertificatePath + " 400 CSEC9002"] = () => OnAppliance(a => a.PostBytesAsync(CertificatePath, Bytes("no certificate"))),
        ["POST " + CertificatePath + " 400 CGEN1008"] = () => OnAppliance(async a =>
            await a.PostBytesAsync(CertificatePath, Bytes((await SignedAsync(a, TestCa.OtherKeyProfile)).LeafPem()))),
        ["POST " + CertificatePath + " 401"] = () => Unauthenticated(HttpMethod.Post, CertificatePath),
        ["POST " + CertificatePath + " 413"] = () => OnAppliance(a => a.PostBytesAsync(CertificatePath, new byte[SmallBodyLimit + 1])),
        ["POST " + ChainPath + " 200"] = () => OnAppliance(async a => await a.PostBytesAsync(ChainPath, Bytes((await SignedAsync(a)).ToPem()))),
        ["POST " + ChainPath + " 400 CSEC9002"] = () => OnAppliance(a => a.PostBytesAsync(ChainPath, Bytes("no certificate"))),
        ["POST " + ChainPath + " 400 CGEN1008"] = () => OnAppliance(async a =>
            await a.PostBytesAsync(ChainPath, Bytes((await SignedAsync(a, TestCa.OtherKeyProfile)).ToPem()))),
        ["POST " + ChainPath + " 401"] = () => Unauthenticated(HttpMethod.Post, ChainPath),
        ["POST " + ChainPath + " 413"] = () => OnAppliance(a => a.PostBytesAsync(ChainPath, new byte[SmallBodyLimit + 1])),
        ["POST " + ValidatePath + " 200"] = () => OnPair(TestCa.Good, p => p.ValidateAsync()),
        ["POST " + ValidatePath + " 400 CMIG1001"] = () => OnPair(TestCa.InterCa2Profile, p => p.ValidateAsync()),
        ["POST " + ValidatePath + " 400 CGEN6002"] = () => OnAppliance(a => a.PostJsonAsync(ValidatePath, """{"SourceAddress":"","SourcePort":443}""")),
        ["POST " + ValidatePath + " 400 CGEN1001"] = () => OnPair(TestCa.Good, p => p.ValidateAsync(password: "wrong")),
        ["POST " + ValidatePath + " 400 CGEN1008"] = () => OnPair(TestCa.Good, async p =>
        {
            await p.StopSourceAsync();
            return await p.ValidateAsync();
        }),
        ["POST " + ValidatePath + " 401"] = () => Unauthenticated(HttpMethod.Post, ValidatePath),
        ["POST " + ValidatePath + " 404"] = () => OnAppliance(a => a.PostJsonAsync(ValidatePath, "{}"), version: Defaults.SourceVersion),
        ["POST " + ValidatePath + " 413"] = () => OnAppliance(a => a.PostJsonAsync(ValidatePath, Oversized())),
        ["POST " + VerifyPeerPath + " 200"] = () => OnPair(TestCa.Good, p => VerifyPeerWithClientChainAsync(p)),
        ["POST " + VerifyPeerPath + " 400"] = () => OnPair(TestCa.Good, p => p.Source.PostJsonAsync(VerifyPeerPath, "{}")),
        ["POST " + VerifyPeerPath + " 401"] = () => Unauthenticated(HttpMethod.Post, VerifyPeerPath),
        ["GET " + ValidationPath + " 200"] = () => OnAppliance(a => a.GetAsync(ValidationPath)),
        ["GET " + ValidationPath + " 401"] = () => Unauthenticated(HttpMethod.Get, ValidationPath),
        ["GET " + ValidationPath + " 404"] = () => OnAppliance(a => a.GetAsync(ValidationPath), version: Defaults.SourceVersion),
    };

    private const string SessionsPath = "/api/SessionService/Sessions";
    private const string CsrPath = "/api/ApplicationService/Actions/ApplicationService.GenerateCSR";
    private const string CertificatePath = "/api/ApplicationService/Actions/ApplicationService.UploadCertificate";
    private const string ChainPath = "/api/ApplicationService/Actions/ApplicationService.UploadCertChain";
    private const string ValidatePath = "/api/MigrationService/Actions/MigrationService.ValidateConnection";
    private const string VerifyPeerPath = "/api/MigrationService/Actions/MigrationService.VerifyPeer";
    private const string ValidationPath = "/api/MigrationService/ConnectionValidation";

    public static TheoryData<string> DocumentedAnswers()
    {
        var data = new TheoryData<string>();
        foreach (var key in Documented())
        {
            data.Add(key);
        }
        return data;
    }

    [Fact]
    public void Every_documented_answer_has_a_provocation_and_every_provocation_is_documented()
    {
        Assert.Equal(Provocations.Keys.Order(StringComparer.Ordinal), Documented().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DocumentedAnswers))]
    public async Task The_appliance_really_gives_the_documented_answer(string documented)
    {
        var (method, path, status, example) = Parse(documented);
        var response = Document["paths"]![path]![method.ToLowerInvariant()]!["responses"]![status]!;

        using var answer = await Provocations[documented]();

        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) == (int)answer.StatusCode,
            $"{documented}: got {(int)answer.StatusCode} {body}");
        var content = response["content"]?["application/json"];
        if (content is null)
        {
            return;
        }
        var actual = JsonNode.Parse(body)!;
        if ((example is null ? content["example"] : content["examples"]?[example]?["value"]) is { } expected)
        {
            AssertSameError(documented, expected, actual);
        }
        AssertHasProperties(documented, Resolve(content["schema"]!), actual);
    }

    [Fact]
    public async Task Every_route_the_appliance_serves_is_documented_with_its_methods()
    {
        await using var appliance = await new TestHosts().StartApplianceAsync();
        var served = appliance.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m != "HEAD")
                .Select(m => $"{m} /{e.RoutePattern.RawText!.Replace("{id}", "{Id}", StringComparison.Ordinal)}"))
            .ToHashSet();

        var documented = Documented().Select(d => Parse(d)).Select(d => $"{d.Method} {d.Path}").ToHashSet();

        Assert.Equal(documented.Order(StringComparer.Ordinal), served.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Documented()
    {
        foreach (var (path, operations) in Document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject().Where(o => o.Key != "parameters"))
            {
                foreach (var (status, response) in operation!["responses"]!.AsObject())
                {
                    var examples = response!["content"]?["application/json"]?["examples"]?.AsObject();
                    var prefix = $"{method.ToUpperInvariant()} {path} {status}";
                    if (examples is null)
                    {
                        yield return prefix;
                        continue;
                    }
                    foreach (var (name, _) in examples)
                    {
                        yield return $"{prefix} {name}";
                    }
                }
            }
        }
    }

    private static (string Method, string Path, string Status, string? Example) Parse(string documented)
    {
        var parts = documented.Split(' ');
        return (parts[0], parts[1], parts[2], parts.Length > 3 ? parts[3] : null);
    }

    /// <summary>The documented example's words, as the appliance says them; an address and port in the arguments is the run's own.</summary>
    private static void AssertSameError(string documented, JsonNode expected, JsonNode actual)
    {
        var want = expected["error"]!["@Message.ExtendedInfo"]![0]!;
        var got = actual["error"]!["@Message.ExtendedInfo"]![0]!;
        foreach (var field in new[] { "MessageId", "Severity", "Resolution" })
        {
            Assert.True(want[field]!.GetValue<string>() == got[field]!.GetValue<string>(), $"{documented}: {field} {got[field]} is not {want[field]}");
        }
        var wantArgs = want["MessageArgs"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        var gotArgs = got["MessageArgs"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        var endpoint = new System.Text.RegularExpressions.Regex(@"^127\.0\.0\.\d+:\d+$");
        Assert.True(wantArgs.Length == gotArgs.Length, $"{documented}: MessageArgs {string.Join(",", gotArgs)}");
        for (var i = 0; i < wantArgs.Length; i++)
        {
            var same = endpoint.IsMatch(wantArgs[i]) ? endpoint.IsMatch(gotArgs[i]) : wantArgs[i] == gotArgs[i];
            Assert.True(same, $"{documented}: MessageArgs[{i}] {gotArgs[i]}");
        }
        var message = want["Message"]!.GetValue<string>();
        Assert.True(endpoint.IsMatch(string.Join("", wantArgs)) || message == got["Message"]!.GetValue<string>(), $"{documented}: Message {got["Message"]}");
        Assert.Equal(expected["error"]!["code"]!.GetValue<string>(), actual["error"]!["code"]!.GetValue<string>());
    }

    private static void AssertHasProperties(string documented, JsonNode schema, JsonNode actual)
    {
        if (schema["properties"]?.AsObject() is not { } properties)
        {
            return;
        }
        var got = actual.AsObject();
        foreach (var (name, _) in properties)
        {
            Assert.True(got.ContainsKey(name), $"{documented}: the answer has no {name}: {actual.ToJsonString()}");
        }
    }

    private static JsonNode Resolve(JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? Document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!
            : schema;

    private static JsonObject LoadDocument()
    {
        using var stream = typeof(OmeSim.WebConsole.EmbeddedPages).Assembly.GetManifestResourceStream("wwwroot/openapi/ome.json")!;
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static async Task<HttpResponseMessage> OnAppliance(Func<TestAppliance, Task<HttpResponseMessage>> provoke,
        string version = Defaults.TargetVersion, bool oneSession = false)
    {
        var hosts = new TestHosts
        {
            Customize = o => o with
            {
                MaxRequestBodyBytes = SmallBodyLimit,
                SessionLimits = oneSession ? o.SessionLimits with { MaxSessions = 1 } : o.SessionLimits,
            },
        };
        await using var appliance = await hosts.StartApplianceAsync(version);
        return await Buffered(await provoke(appliance));
    }

    private static async Task<HttpResponseMessage> OnPair(string targetProfile, Func<MigrationPair, Task<HttpResponseMessage>> provoke)
    {
        await using var pair = await MigrationPair.StartProvisionedAsync(TestCa.Good, targetProfile);
        return await Buffered(await provoke(pair));
    }

    private static Task<HttpResponseMessage> Unauthenticated(HttpMethod method, string path) =>
        OnAppliance(a => a.SendAsync(method, path, new StringContent("{}", Encoding.UTF8, "application/json"), TestAppliance.Basic(password: "wrong")));

    /// <summary>The answer read in full while its appliance still runs.</summary>
    private static async Task<HttpResponseMessage> Buffered(HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<HttpResponseMessage> VerifyPeerWithClientChainAsync(MigrationPair pair)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = TestClients.TrustAll,
                ClientCertificateContext = pair.Target.Appliance.Served.TlsContext,
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = pair.Source.Node.Url };
        using var request = new HttpRequestMessage(HttpMethod.Post, VerifyPeerPath) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = TestAppliance.Basic();
        return await Buffered(await client.SendAsync(request));
    }

    private static async Task<string> SessionIdAsync(TestAppliance appliance)
    {
        using var created = await appliance.PostJsonAsync(SessionsPath, Login("API"));
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("Id").GetString()!;
    }

    private static async Task<IssuedChain> SignedAsync(TestAppliance appliance, string profile = TestCa.Good)
    {
        using var answer = await appliance.PostJsonAsync(CsrPath, CsrFields("US"));
        var csr = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("CertificateData").GetString()!;
        return TestPki.Ca.Sign(csr, profile);
    }

    private static string Login(string type, string password = Defaults.Password) =>
        $$"""{"UserName":"admin","Password":"{{password}}","SessionType":"{{type}}"}""";

    private static string CsrFields(string country) => JsonSerializer.Serialize(new
    {
        DistinguishedName = "ome.example.com",
        DepartmentName = "IT",
        BusinessName = "Example",
        Locality = "Round Rock",
        State = "Texas",
        Country = country,
        Email = "admin@example.com",
        San = "ome.example.com",
    });

    private static string Oversized() => $$"""{"Padding":"{{new string('x', (int)SmallBodyLimit)}}"}""";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
