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
    /// Before the control token: the pages and the OME OpenAPI document hold no state and no secret, so they are served
    /// without it; the API calls they make present it.
    /// </summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.Use(new EmbeddedPages(["dashboard", "shared", "openapi"], IndexPath).Middleware);
        return app;
    }
}
