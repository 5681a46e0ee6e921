using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OmeSim.Core.Certificates;
using OmeSim.Core.Pki;
using OmeSim.Hosting;

namespace OmeSim.Tests.Robustness;

/// <summary>One malformed request: sent through HttpClient, or as raw bytes when HttpClient would refuse to send it.</summary>
public sealed record BadCase(string Name, Func<HttpRequestMessage>? Request = null, byte[]? Raw = null);

/// <summary>
/// The generated bad-input corpus (fixed seeds): malformed uploads, JSON, credentials and headers. None of it is a valid
/// request: each one must be refused, so that any change of state it causes is a bug.
/// </summary>
public static class BadInput
{
    public const string ChainPath = "/api/ApplicationService/Actions/ApplicationService.UploadCertChain";
    public const string SinglePath = "/api/ApplicationService/Actions/ApplicationService.UploadCertificate";
    public const string CsrPath = "/api/ApplicationService/Actions/ApplicationService.GenerateCSR";
    public const string SessionsPath = "/api/SessionService/Sessions";
    public const string InfoPath = "/api/ApplicationService/Info";

    public static readonly string ValidCsrJson = """
        {"DistinguishedName":"ome.example.com","DepartmentName":"IT","BusinessName":"Example","Locality":"Austin","State":"TX",
        "Country":"US","Email":"admin@example.com","San":"ome.example.com"}
        """.ReplaceLineEndings("");

    public const string ValidLoginJson = """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"API"}""";

    /// <param name="goodChain">A chain issued for the appliance's pending CSR, never sent whole.</param>
    /// <param name="csr">The appliance's pending CSR, to issue deliberately bad chains for it.</param>
    /// <param name="deadTokens">Tokens of sessions that expired or were deleted.</param>
    /// <param name="limit">The appliance's body limit.</param>
    public static List<BadCase> Corpus(IssuedChain goodChain, string csr, IReadOnlyList<string> deadTokens, long limit)
    {
        var random = new Random(20260507);
        var cases = new List<BadCase>();
        var chainPem = goodChain.ToPem();
        var leafPem = goodChain.LeafPem();
        var leafDer = goodChain.Leaf.RawData;

        void Upload(string path, string name, byte[] body, string contentType = "application/octet-stream") =>
            cases.Add(new BadCase($"{Short(path)} {name}", () => Post(path, body, contentType)));
        void Both(string name, byte[] body)
        {
            Upload(ChainPath, name, body);
            Upload(SinglePath, name, body);
        }

        // Truncated PEM: any prefix of the chain short of the whole file; for the single upload, prefixes inside the leaf block.
        foreach (var at in Positions(random, chainPem.TrimEnd().Length - 1, 40))
        {
            Upload(ChainPath, $"truncated chain PEM at {at}", Ascii(chainPem[..at]));
        }
        foreach (var at in Positions(random, leafPem.TrimEnd().Length - 1, 20))
        {
            Upload(SinglePath, $"truncated leaf PEM at {at}", Ascii(leafPem[..at]));
        }

        // Garbled PEM: a Base 64 character of the leaf replaced by one outside the alphabet, lines doubled or dropped, labels broken.
        var bodyStart = leafPem.IndexOf('\n') + 1;
        var bodyEnd = leafPem.IndexOf("-----END", StringComparison.Ordinal) - 1;
        foreach (var at in Positions(random, bodyEnd - bodyStart, 20))
        {
            var bad = "!*$%~"[at % 5];
            var garbled = leafPem[..(bodyStart + at)] + bad + leafPem[(bodyStart + at + 1)..];
            Both($"leaf with '{bad}' at {at}", Ascii(garbled + chainPem[leafPem.Length..]));
        }
        var lines = chainPem.Split('\n');
        for (var i = 2; i < 12; i++)
        {
            Both($"line {i} doubled", Ascii(string.Join('\n', lines.Take(i + 1).Append(lines[i]).Concat(lines.Skip(i + 1)))));
            Both($"line {i} dropped", Ascii(string.Join('\n', lines.Where((_, j) => j != i))));
        }
        Both("BEGIN without END", Ascii(leafPem.Replace("-----END CERTIFICATE-----", "", StringComparison.Ordinal)));
        Both("END label differs", Ascii(leafPem.Replace("END CERTIFICATE", "END PKCS7", StringComparison.Ordinal)));
        Both("armour only", Ascii("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"));
        Both("private key block only", Ascii(PemText.Armour("PRIVATE KEY", RandomBytes(random, 600))));
        Both("PKCS7 label over a certificate's garbage", Ascii(PemText.Armour(PemText.Pkcs7Label, RandomBytes(random, 900))));
        Both("CERTIFICATE label over random DER", Ascii(PemText.Armour(PemText.CertificateLabel, [0x30, 0x82, 0x03, 0x00, .. RandomBytes(random, 200)])));

        // Garbled DER inside well-formed PEM: bit flips in the leaf (the CA's signature then fails; the chain rules must see it).
        foreach (var at in Positions(random, leafDer.Length, 40))
        {
            var flipped = (byte[])leafDer.Clone();
            flipped[at] ^= (byte)(1 << random.Next(8));
            Upload(ChainPath, $"leaf DER bit flip at {at}", Ascii(PemText.Armour(PemText.CertificateLabel, flipped) + chainPem[leafPem.Length..]));
        }

        // DER, raw Base 64, random bytes, NUL bytes, UTF-16.
        Both("DER leaf", leafDer);
        Both("DER chain", [.. goodChain.Certificates.SelectMany(c => c.RawData)]);
        Both("DER PKCS7", Pkcs7Bundle.Encode(goodChain.Certificates));
        foreach (var at in Positions(random, leafDer.Length, 6))
        {
            Both($"DER leaf truncated at {at}", leafDer[..at]);
        }
        Both("raw Base 64 without armour", Ascii(Convert.ToBase64String(leafDer)));
        for (var i = 0; i < 20; i++)
        {
            Both($"random bytes #{i}", RandomBytes(random, random.Next(1, 4096)));
        }
        foreach (var at in Positions(random, chainPem.Length, 6))
        {
            Both($"NUL at {at}", Ascii(chainPem[..at] + "\0" + chainPem[at..]));
        }
        Both("only NUL bytes", new byte[64]);
        Both("UTF-16 LE with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(chainPem)]);
        Both("UTF-16 LE", Encoding.Unicode.GetBytes(chainPem));
        Both("UTF-16 BE with BOM", [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(chainPem)]);
        Both("UTF-32", Encoding.UTF32.GetBytes(chainPem));
        Both("empty body", []);
        Both("whitespace only", Ascii(" \r\n\t\n"));

        // Over the body limit: a valid-looking PEM padded past the limit, with and without Content-Length.
        var padded = Ascii(chainPem + new string('#', (int)limit));
        Both("body over the limit", padded);
        cases.Add(new BadCase("chain body over the limit, chunked", () => new HttpRequestMessage(HttpMethod.Post, ChainPath)
        {
            Content = new StreamContent(new MemoryStream(padded)) { Headers = { ContentType = new("application/octet-stream") } },
            Headers = { Authorization = TestAppliance.Basic(), TransferEncodingChunked = true, ExpectContinue = true },
        }));

        // 11 certificates and more, cycles and duplicates, other bad chains for this CSR.
        var depth11 = TestPki.Ca.Sign(csr, TestCa.Depth11);
        Upload(ChainPath, "11 certificates", Ascii(depth11.ToPem()));
        Upload(ChainPath, "12 certificates (root twice)", Ascii(depth11.ToPem() + PemOf(depth11.Certificates[^1])));
        Upload(ChainPath, "good chain then 9 roots", Ascii(chainPem + string.Concat(Enumerable.Repeat(PemOf(goodChain.Certificates[^1]), 9))));
        Upload(ChainPath, "good chain then 40 intermediates", Ascii(chainPem + string.Concat(Enumerable.Repeat(PemOf(goodChain.Certificates[1]), 40))));
        Upload(ChainPath, "leaf twice", Ascii(leafPem + chainPem));
        Upload(ChainPath, "intermediate twice, no root", Ascii(leafPem + PemOf(goodChain.Certificates[1]) + PemOf(goodChain.Certificates[1])));
        Upload(ChainPath, "leaf and root only", Ascii(leafPem + PemOf(goodChain.Certificates[^1])));
        Upload(ChainPath, "leaf alone", Ascii(leafPem));
        Upload(ChainPath, "reversed", Ascii(string.Concat(goodChain.Certificates.Reverse().Skip(1).Select(PemOf))));
        // A single upload takes the certificate carrying the CSR key alone, so only the chain upload sees the cycle behind the leaf.
        foreach (var (name, cycle, withLeaf) in Cycles(goodChain.Leaf))
        {
            if (withLeaf)
            {
                Upload(ChainPath, name, Ascii(cycle));
            }
            else
            {
                Both(name, Ascii(cycle));
            }
        }
        // Expired and not-yet-valid chains are not bad input: dates are not checked at upload (docs/certificate-rules.md).
        string[] badProfiles =
        [
            TestCa.ServerOnlyEku, TestCa.NoKeyEncipherment, TestCa.NoCn, TestCa.WildcardCn, TestCa.MissingIntermediate, TestCa.MissingRoot,
            TestCa.OtherKeyProfile,
        ];
        foreach (var profile in badProfiles)
        {
            var issued = TestPki.Ca.Sign(csr, profile);
            Upload(ChainPath, $"{profile} chain", Ascii(issued.ToPem()));
            Upload(ChainPath, $"{profile} chain as PKCS7", Ascii(Pkcs7Bundle.ToPem(issued.Certificates)));
            if (profile is TestCa.NoKeyEncipherment or TestCa.NoCn or TestCa.WildcardCn or TestCa.OtherKeyProfile)
            {
                Upload(SinglePath, $"{profile} leaf", Ascii(issued.LeafPem()));
            }
        }

        // Wrong content types, each with a body that is wrong too (uploads read the bytes whatever the type, as OME does).
        foreach (var type in new[]
        {
            "application/json", "text/plain; charset=utf-16", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png",
        })
        {
            Upload(ChainPath, $"as {type}: random", RandomBytes(random, 300), type);
            Upload(ChainPath, $"as {type}: truncated", Ascii(chainPem[..500]), type);
            Upload(SinglePath, $"as {type}: JSON", Ascii("""{"certificate":"x"}"""), type);
            cases.Add(new BadCase($"GenerateCSR as {type}: broken", () => Post(CsrPath, Ascii(ValidCsrJson[..40]), type)));
        }

        // Broken and oversized JSON for GenerateCSR and Sessions.
        foreach (var at in Positions(random, ValidCsrJson.Length - 1, 30))
        {
            cases.Add(new BadCase($"GenerateCSR truncated at {at}", () => Json(CsrPath, ValidCsrJson[..at])));
        }
        var bigName = new string('a', 100_000);
        foreach (var json in new[]
        {
            "", "null", "true", "42", "\"text\"", "[]", "[{}]", "{}", """{"DistinguishedName":null}""", """{"DistinguishedName":1}""",
            """{"DistinguishedName":{}}""", """{"DistinguishedName":["a"]}""", """{"DistinguishedName":""}""", """{"DistinguishedName":"   "}""",
            """{"DistinguishedName":"*.example.com"}""", """{"DistinguishedName":"a","Country":"USA"}""", """{"DistinguishedName":"a","Country":7}""",
            """{"DistinguishedName":"a","Email":"not an email"}""", """{"DistinguishedName":"a","San":"a.com,b.com,c.com,d.com,e.com"}""",
            """{"DistinguishedName":"a","San":"not a host name!"}""", """{"DistinguishedName":"a","DistinguishedName":"*"}""",
            $$"""{"DistinguishedName":"a","San":"{{new string('x', 300)}}.com"}""", """{"DistinguishedName":"a\u0000b","Country":"U\u0000"}""",
            """{"DistinguishedName":"a",}""", """{'DistinguishedName':'a'}""", """{"DistinguishedName":"a"}}""", """{"DistinguishedName":"\uD800"}""",
            new string('[', 100_000), string.Concat(Enumerable.Repeat("{\"a\":", 5000)), $$"""{"DistinguishedName":"{{bigName}}","Country":"XX"}""",
            $$"""{"DistinguishedName":"a","Email":"{{bigName}}@x"}""", $$"""{"DistinguishedName":"ok","Pad":"{{new string('p', (int)limit)}}"}""",
        })
        {
            cases.Add(new BadCase($"GenerateCSR body {Describe(json)}", () => Json(CsrPath, json)));
        }
        cases.Add(new BadCase("GenerateCSR invalid UTF-8",
            () => Post(CsrPath, [.. Ascii("{\"DistinguishedName\":\""), 0xC3, 0x28, 0xFF, .. Ascii("\"}")], "application/json")));
        cases.Add(new BadCase("GenerateCSR as UTF-16", () => Post(CsrPath, Encoding.Unicode.GetBytes(ValidCsrJson), "application/json")));
        foreach (var at in Positions(random, ValidLoginJson.Length - 1, 15))
        {
            cases.Add(new BadCase($"login truncated at {at}", () => Json(SessionsPath, ValidLoginJson[..at], auth: false)));
        }
        foreach (var json in new[]
        {
            "", "[]", "{}", """{"UserName":"admin"}""", """{"UserName":"admin","Password":"wrong"}""", """{"UserName":1,"Password":2}""",
            """{"UserName":"admin","Password":["OmeSim#2026!"]}""", """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":"ROOT"}""",
            """{"UserName":"admin","Password":"OmeSim#2026!","SessionType":7}""", """{"UserName":"ADMIN","Password":"omesim#2026!"}""",
            $$"""{"UserName":"{{bigName}}","Password":"x"}""", """{"UserName":"admin\u0000","Password":"OmeSim#2026!"}""",
            $$"""{"UserName":"admin","Password":"{{new string('p', (int)limit)}}"}""", new string('{', 50_000),
        })
        {
            cases.Add(new BadCase($"login body {Describe(json)}", () => Json(SessionsPath, json, auth: false)));
        }
        cases.Add(new BadCase("GET missing session", () => Get("/api/SessionService/Sessions('no-such-session')")));
        cases.Add(new BadCase("DELETE missing session", () => new HttpRequestMessage(HttpMethod.Delete, "/api/SessionService/Sessions('00000000')")
        {
            Headers = { Authorization = TestAppliance.Basic() },
        }));
        cases.Add(new BadCase("unknown route", () => Get("/api/ApplicationService/NoSuchThing")));
        cases.Add(new BadCase("DELETE Info", () => new HttpRequestMessage(HttpMethod.Delete, InfoPath)
        {
            Headers = { Authorization = TestAppliance.Basic() },
        }));
        cases.Add(new BadCase("PUT GenerateCSR", () => new HttpRequestMessage(HttpMethod.Put, CsrPath)
        {
            Headers = { Authorization = TestAppliance.Basic() },
            Content = new StringContent(ValidCsrJson, Encoding.UTF8, "application/json"),
        }));

        // Bad and expired tokens, bad credentials: even carrying the good chain or a valid CSR body, they must change nothing.
        var tokens = new List<string>
        {
            "", "0", Convert.ToHexString(RandomBytes(random, 16)).ToLowerInvariant(), new string('f', 32), new string('a', 4000), "' OR 1=1 --",
            "../../etc/passwd",
        };
        tokens.AddRange(deadTokens);
        foreach (var token in tokens)
        {
            cases.Add(new BadCase($"token {Describe(token)} with the good chain",
                () => WithToken(Post(ChainPath, Ascii(chainPem), "application/octet-stream"), token)));
            cases.Add(new BadCase($"token {Describe(token)} on GenerateCSR", () => WithToken(Json(CsrPath, ValidCsrJson, auth: false), token)));
        }
        foreach (var (name, header) in new (string, AuthenticationHeaderValue)[]
        {
            ("wrong password", TestAppliance.Basic(password: "wrong")), ("wrong user", TestAppliance.Basic(user: "root")),
            ("empty password", TestAppliance.Basic(password: "")), ("password with a NUL", TestAppliance.Basic(password: Defaults.Password + "\0")),
            ("Bearer scheme", new AuthenticationHeaderValue("Bearer", "abc")), ("Basic without parameter", new AuthenticationHeaderValue("Basic")),
            ("Basic not base64", new AuthenticationHeaderValue("Basic", "!!!not-base64!!!")),
            ("Basic without colon", new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Ascii("admin")))),
            ("Basic of 5000 bytes", new AuthenticationHeaderValue("Basic", Convert.ToBase64String(RandomBytes(random, 5000)))),
        })
        {
            cases.Add(new BadCase($"{name} with the good chain", () => new HttpRequestMessage(HttpMethod.Post, ChainPath)
            {
                Content = new ByteArrayContent(Ascii(chainPem)),
                Headers = { Authorization = header },
            }));
        }

        // Absurd headers, sent raw: Kestrel refuses some while reading headers (counted apart); the rest reach OmeSim.
        var basic = TestAppliance.Basic().ToString();
        string Head(string method, string path, params string[] headers) =>
            $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n";
        void Raw(string name, string head, byte[]? body = null) =>
            cases.Add(new BadCase("raw " + name, Raw: [.. Encoding.Latin1.GetBytes(head), .. body ?? []]));
        Raw("Content-Length negative", Head("POST", ChainPath, $"Authorization: {basic}", "Content-Length: -1"));
        Raw("Content-Length huge", Head("POST", ChainPath, $"Authorization: {basic}", "Content-Length: 99999999999999999999999"));
        Raw("Content-Length not a number", Head("POST", ChainPath, $"Authorization: {basic}", "Content-Length: abc"));
        Raw("two Content-Lengths", Head("POST", ChainPath, $"Authorization: {basic}", "Content-Length: 3", "Content-Length: 4") + "abcd");
        Raw("Content-Length over the limit", Head("POST", ChainPath, $"Authorization: {basic}", $"Content-Length: {limit * 4}"));
        Raw("Content-Length over the limit with Expect",
            Head("POST", CsrPath, $"Authorization: {basic}", $"Content-Length: {limit + 1}", "Expect: 100-continue"));
        Raw("Transfer-Encoding gzip", Head("POST", ChainPath, $"Authorization: {basic}", "Transfer-Encoding: gzip") + "xyz");
        Raw("broken chunk size", Head("POST", ChainPath, $"Authorization: {basic}", "Transfer-Encoding: chunked") + "zz\r\nabc\r\n0\r\n\r\n");
        Raw("header of 40 KB", Head("GET", InfoPath, $"Authorization: {basic}", "X-Padding: " + new string('x', 40_000)));
        Raw("150 headers", Head("GET", InfoPath, [$"Authorization: {basic}", .. Enumerable.Range(0, 150).Select(i => $"X-H{i}: {i}")]));
        Raw("header name with a space", Head("GET", InfoPath, $"Authorization: {basic}", "Bad Header: x"));
        Raw("header with a control character, no credentials", Head("GET", InfoPath, "X-Bad: a\u0001b"));
        Raw("garbage request line", "GARBAGE\r\n\r\n");
        Raw("HTTP/0.9 request", "GET /\r\n\r\n");
        Raw("path of 20 KB", Head("GET", "/api/" + new string('a', 20_000), $"Authorization: {basic}"));
        Raw("unknown method", Head("FROB", InfoPath, $"Authorization: {basic}"));
        Raw("path with NUL escape", Head("GET", "/api/SessionService/Sessions('%00')", $"Authorization: {basic}"));
        Raw("path with bad escape", Head("GET", "/api/ApplicationService/%ZZ", $"Authorization: {basic}"));
        Raw("Authorization of 8000 equals signs", Head("GET", InfoPath, "Authorization: Basic " + new string('=', 8000)));
        Raw("Authorization with Latin-1 bytes", Head("GET", InfoPath, "Authorization: Basic \u00e9\u00e8\u00ff"));
        Raw("X-Auth-Token with Latin-1 bytes", Head("GET", InfoPath, "X-Auth-Token: \u00e9t\u00e9"));
        Raw("X-Auth-Token and Authorization both wrong", Head("GET", InfoPath, "X-Auth-Token: nope", "Authorization: Basic Zm9vOmJhcg=="));
        Raw("Content-Type absurd with broken JSON",
            Head("POST", CsrPath, $"Authorization: {basic}", "Content-Type: application/json; charset=utf-999", "Content-Length: 5") + "{\"Di");
        Raw("Accept absurd", Head("GET", "/api/ApplicationService/NoSuch", $"Authorization: {basic}", "Accept: */*;q=abc, text/\u00ff"));
        Raw("Host absurd", $"GET {InfoPath} HTTP/1.1\r\nHost: \u0001\u0002\r\nConnection: close\r\nAuthorization: {basic}\r\n\r\n");
        Raw("no Host", $"GET {InfoPath} HTTP/1.1\r\nConnection: close\r\nAuthorization: {basic}\r\n\r\n");
        return cases;
    }

    private static IEnumerable<(string Name, string Pem, bool WithLeaf)> Cycles(X509Certificate2 leaf)
    {
        // Two CAs, each issued by the other; the leaf's issuer name is neither (a cycle the path search must not loop on).
        using var keyA = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var keyB = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var nameA = new X500DistinguishedName("CN=Cycle-CA-A");
        var nameB = new X500DistinguishedName("CN=Cycle-CA-B");
        var idA = new X509SubjectKeyIdentifierExtension(new PublicKey(keyA), false).SubjectKeyIdentifierBytes.ToArray();
        var idB = new X509SubjectKeyIdentifierExtension(new PublicKey(keyB), false).SubjectKeyIdentifierBytes.ToArray();
        var now = DateTimeOffset.UtcNow;
        X509Builder.Spec Ca(X500DistinguishedName name, ECDsa key) =>
            new(name, new PublicKey(key), now.AddDays(-1), now.AddYears(1)) { IsCa = true, KeyUsage = X509KeyUsageFlags.KeyCertSign };
        using var a = X509Builder.Create(Ca(nameA, keyA), new X509Builder.Signer(nameB, X509SignatureGenerator.CreateForECDsa(keyB), idB));
        using var b = X509Builder.Create(Ca(nameB, keyB), new X509Builder.Signer(nameA, X509SignatureGenerator.CreateForECDsa(keyA), idA));
        yield return ("cycle of two CAs after the leaf", PemOf(leaf) + PemOf(a) + PemOf(b), true);
        yield return ("cycle of two CAs twice", PemOf(leaf) + PemOf(a) + PemOf(b) + PemOf(a) + PemOf(b), true);
        yield return ("cycle of two CAs without the leaf", PemOf(a) + PemOf(b), false);
    }

    public static HttpRequestMessage Post(string path, byte[] body, string contentType, bool auth = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        // A body over the limit is refused before it is read; without Expect the client may still be writing when the server closes.
        request.Headers.ExpectContinue = body.Length > 64 * 1024;
        if (auth)
        {
            request.Headers.Authorization = TestAppliance.Basic();
        }
        return request;
    }

    public static HttpRequestMessage Json(string path, string json, bool auth = true) => Post(path, Encoding.UTF8.GetBytes(json), "application/json", auth);

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path) { Headers = { Authorization = TestAppliance.Basic() } };

    private static HttpRequestMessage WithToken(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = null;
        request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
        return request;
    }

    private static string PemOf(X509Certificate2 certificate) => PemText.Armour(PemText.CertificateLabel, certificate.RawData);

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary><paramref name="count"/> distinct positions in [1, <paramref name="max"/>), always with the first and the last.</summary>
    private static IEnumerable<int> Positions(Random random, int max, int count)
    {
        var set = new SortedSet<int> { 1, max - 1 };
        while (set.Count < Math.Min(count, max - 1))
        {
            set.Add(random.Next(1, max));
        }
        return set;
    }

    private static string Short(string path) => path[(path.LastIndexOf('.') + 1)..];

    private static string Describe(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..30]}...' ({text.Length} chars)";
}
