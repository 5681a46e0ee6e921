namespace OmeSim.WebConsole;

/// <summary>OME's web console at the appliance's root: static pages that are a client of the appliance's own REST API.</summary>
public static class ApplianceConsole
{
    public const string IndexPath = "/appliance/index.html";

    /// <summary>
    /// Outermost, before the journal, faults and authentication: the pages are not OME API calls (OME serves its console
    /// without credentials), and every other path goes on to the API untouched.
    /// </summary>
    public static WebApplication UseApplianceConsole(this WebApplication app)
    {
        app.Use(new EmbeddedPages(["appliance", "shared"], IndexPath).Middleware);
        return app;
    }
}
