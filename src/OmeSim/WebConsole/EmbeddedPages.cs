using System.Collections.Frozen;
using Microsoft.Extensions.FileProviders;

namespace OmeSim.WebConsole;

/// <summary>
/// The pages of one screen, read once from the assembly: only these exact paths (GET or HEAD) are served, with the
/// headers every page carries; any other request goes on unchanged, so /api/... answers exactly as without the pages.
/// </summary>
public sealed class EmbeddedPages
{
    /// <summary>No inline script or style, nothing from another origin.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'";

    private const string Root = "WebConsole/wwwroot";

    private readonly FrozenDictionary<string, Page> _pages;

    /// <param name="folders">The folders under WebConsole/wwwroot to serve, each at /{folder}/...</param>
    /// <param name="indexPath">The file served at <c>/</c>, e.g. <c>/appliance/index.html</c>.</param>
    public EmbeddedPages(IReadOnlyList<string> folders, string indexPath)
    {
        var provider = new ManifestEmbeddedFileProvider(typeof(EmbeddedPages).Assembly, Root);
        var pages = new Dictionary<string, Page>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var file in provider.GetDirectoryContents(folder).Where(f => !f.IsDirectory))
            {
                using var stream = file.CreateReadStream();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                pages["/" + folder + "/" + file.Name] = new Page(buffer.ToArray(), ContentTypeOf(file.Name));
            }
        }
        pages["/"] = pages[indexPath];
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
