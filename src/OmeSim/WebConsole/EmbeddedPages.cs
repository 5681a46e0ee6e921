using System.Collections.Frozen;

namespace OmeSim.WebConsole;

/// <summary>
/// The pages of one screen, read once from the assembly: only these exact paths (GET or HEAD) are served, with the
/// headers every page carries; any other request goes on unchanged, so /api/... answers exactly as without the pages.
/// </summary>
public sealed class EmbeddedPages
{
    /// <summary>No inline script or style, nothing from another origin, and no other site may frame the page (clickjacking).</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";

    /// <summary>For browsers without CSP frame-ancestors.</summary>
    public const string FrameOptions = "DENY";

    /// <summary>Browsers ask for it on every page; served here, it never reaches the API (and its 401 the journal).</summary>
    public const string FaviconPath = "/favicon.ico";

    private const string FaviconFile = "/shared/favicon.svg";

    /// <summary>Where the csproj puts WebConsole/wwwroot among the assembly's resources: wwwroot/{folder}/{file}.</summary>
    private const string ResourceRoot = "wwwroot/";

    private readonly FrozenDictionary<string, Page> _pages;

    /// <param name="folders">The folders under WebConsole/wwwroot to serve, each at /{folder}/...</param>
    /// <param name="indexPath">The file served at <c>/</c>, e.g. <c>/appliance/index.html</c>.</param>
    /// <param name="generated">Pages made at start (path, JSON), e.g. the appliance's name for the log-in page.</param>
    public EmbeddedPages(IReadOnlyList<string> folders, string indexPath, IReadOnlyDictionary<string, string>? generated = null)
    {
        // The resources by name, without an embedded-files manifest: parsing one cost 30 ms of the control plane's start.
        var assembly = typeof(EmbeddedPages).Assembly;
        var pages = new Dictionary<string, Page>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var path = name.Replace('\\', '/');
            if (!path.StartsWith(ResourceRoot, StringComparison.Ordinal) || path[ResourceRoot.Length..].Split('/') is not [var folder, var file]
                || !folders.Contains(folder))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            pages["/" + folder + "/" + file] = new Page(buffer.ToArray(), ContentTypeOf(file));
        }
        pages["/"] = pages[indexPath];
        if (pages.TryGetValue(FaviconFile, out var favicon))
        {
            pages[FaviconPath] = favicon;
        }
        foreach (var (path, json) in generated ?? new Dictionary<string, string>())
        {
            pages[path] = new Page(System.Text.Encoding.UTF8.GetBytes(json), ContentTypeOf(path));
        }
        _pages = pages.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<string> Paths => _pages.Keys;

    /// <summary>The middleware: serves a page, or passes the request on untouched.</summary>
    public Func<HttpContext, RequestDelegate, Task> Middleware => (context, next) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.Request.Path.Value is { } path && _pages.TryGetValue(path, out var page)
            ? WriteAsync(context, page)
            : next(context);

    private static Task WriteAsync(HttpContext context, Page page)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = FrameOptions;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        context.Response.ContentType = page.ContentType;
        context.Response.ContentLength = page.Bytes.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(page.Bytes, context.RequestAborted).AsTask();
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Page(byte[] Bytes, string ContentType);
}
