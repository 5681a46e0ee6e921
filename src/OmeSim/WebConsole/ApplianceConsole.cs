using System.Text.Json;
using OmeSim.Core.Appliances;

namespace OmeSim.WebConsole;

/// <summary>OME's web console at the appliance's root: static pages that are a client of the appliance's own REST API.</summary>
public static class ApplianceConsole
{
    public const string IndexPath = "/appliance/index.html";

    /// <summary>The appliance's name and version for the log-in page, which OME shows before anyone logs in; no state, no secret.</summary>
    public const string AboutPath = "/appliance/about.json";

    /// <summary>
    /// Outermost, before the journal, faults and authentication: the pages are not OME API calls (OME serves its console
    /// without credentials), and every other path goes on to the API untouched.
    /// </summary>
    public static WebApplication UseApplianceConsole(this WebApplication app)
    {
        var definition = app.Services.GetRequiredService<Appliance>().Definition;
        var about = JsonSerializer.Serialize(new Dictionary<string, string> { ["Name"] = definition.Name, ["Version"] = definition.Version });
        app.Use(new EmbeddedPages(["appliance", "shared"], IndexPath, new Dictionary<string, string> { [AboutPath] = about }).Middleware);
        return app;
    }
}
