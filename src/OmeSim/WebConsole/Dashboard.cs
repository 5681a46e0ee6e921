namespace OmeSim.WebConsole;

/// <summary>
/// The harness dashboard at the control plane's root: static pages, a client of the control plane's API, and the
/// appliance API's OpenAPI document beside the control plane's. Its API routes (journal.har, check) are control routes.
/// </summary>
public static class Dashboard
{
    public const string IndexPath = "/dashboard/index.html";

    /// <summary>The appliance API's OpenAPI document (hand-written: OME's MessageIds and envelopes, which no generator knows).</summary>
    public const string ApplianceOpenApiPath = "/openapi/ome.json";

    /// <summary>
    /// Swagger UI's pages: its own scripts only, but it sets inline styles and draws data: images; no other site may frame it.
    /// </summary>
    public const string SwaggerContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Sets <see cref="SwaggerContentSecurityPolicy"/> and X-Frame-Options on every answer under <paramref name="prefix"/>.</summary>
    public static WebApplication UseSwaggerPolicy(this WebApplication app, string prefix)
    {
        var path = new PathString("/" + prefix);
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(path, StringComparison.Ordinal))
            {
                context.Response.Headers.ContentSecurityPolicy = SwaggerContentSecurityPolicy;
                context.Response.Headers.XFrameOptions = EmbeddedPages.FrameOptions;
            }
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// Before the control token: the pages and the OME OpenAPI document hold no state and no secret, so they are served
    /// without it; the API calls they make present it.
    /// </summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.Use(new EmbeddedPages(["dashboard", "shared", "openapi"], IndexPath).Middleware);
        return app;
    }
}
