using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;
using OmeSim.Harness.Control;
using OmeSim.Hosting;

namespace OmeSim.WebConsole;

/// <summary>
/// The harness dashboard at the control plane's root (static pages, a client of the control plane's API), the appliance
/// API's OpenAPI document beside the control plane's, and two API routes the dashboard needs: the journal as HAR and
/// the offline check.
/// </summary>
public static class Dashboard
{
    public const string IndexPath = "/dashboard/index.html";

    /// <summary>The appliance API's OpenAPI document (hand-written: OME's MessageIds and envelopes, which no generator knows).</summary>
    public const string ApplianceOpenApiPath = "/openapi/ome.json";

    /// <summary>
    /// Outermost: the pages and the OME OpenAPI document hold no state and no secret, so they are served without the
    /// control token; the API calls they make present it.
    /// </summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.Use(new EmbeddedPages(["dashboard", "shared", "openapi"], IndexPath).Middleware);
        app.MapGet("appliances/{name}/journal.har", JournalHar)
            .WithSummary("The request journal as a HAR 1.2 file")
            .WithDescription("The journal's entries (oldest first) for any HAR viewer: method, URL, status, body size; how the call "
                + "authenticated as a masked header, never the credential. OmeSim's fields start with an underscore (_messageId, "
                + "_faultId, _clientCertificateSubject).")
            .Produces<JsonElement>(StatusCodes.Status200OK, HarDocument.ContentType)
            .Produces<ControlError>(StatusCodes.Status404NotFound);
        app.MapPost("check", Check)
            .WithSummary("Check a certificate or chain as omesim check does")
            .WithDescription("""Body {"Certificate": PEM text or base64 of the file, "Csr": the CSR (optional), "Single": true to judge as """
                + """UploadCertificate}. Answers the report of omesim check --json: per requirement Pass, Fail or NotChecked, the """
                + "upload's answer and the fix.")
            .Accepts<CheckRequest>("application/json")
            .Produces<JsonElement>(StatusCodes.Status200OK)
            .Produces<ControlError>(StatusCodes.Status400BadRequest);
        return app;
    }

    private static IResult JournalHar(string name, ApplianceFleet fleet)
    {
        if (fleet.Find(name) is not { } node)
        {
            return Results.Json(new ControlError($"No appliance named '{name}'.", [.. fleet.Running.Select(a => a.Name)]), OmeJson.Options, statusCode: 404);
        }
        var har = HarDocument.Create(node.Options.Name, node.Url, node.Journal.Entries());
        return Results.Text(har.ToJsonString(OmeJson.Options), HarDocument.ContentType, Encoding.UTF8);
    }

    private static async Task<IResult> Check(HttpRequest request)
    {
        var (text, error) = await ControlBody.ReadTextAsync(request);
        if (error is not null)
        {
            return Results.Json(error.Value, OmeJson.Options, statusCode: error.StatusCode);
        }
        CheckRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<CheckRequest>(text!, OmeJson.Options);
        }
        catch (JsonException e)
        {
            return Bad("The body is not a check request: " + e.Message);
        }
        if (body?.Certificate is not { Length: > 0 } certificate)
        {
            return Bad("The body needs \"Certificate\": PEM text or base64 of the certificate file.");
        }
        byte[] file;
        if (certificate.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            file = Encoding.UTF8.GetBytes(certificate);
        }
        else
        {
            try
            {
                file = Convert.FromBase64String(certificate);
            }
            catch (FormatException)
            {
                return Bad("\"Certificate\" is neither PEM text nor base64.");
            }
        }
        byte[]? csrKey = null;
        if (body.Csr is { Length: > 0 } csr)
        {
            try
            {
                csrKey = PemText.PublicKeyOfCsr(csr);
            }
            catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
            {
                return Bad("\"Csr\" is not a certificate signing request: " + e.Message);
            }
        }
        var report = await Task.Run(() => ChainCheckReport.Run(
            file, csrKey, body.Single, null, null, TimeProvider.System, body.FileName ?? "(uploaded file)", "(peer file)"));
        return Results.Text(report.ToJson(), "application/json; charset=utf-8", Encoding.UTF8);
    }

    private static IResult Bad(string error) => Results.Json(new ControlError(error), OmeJson.Options, statusCode: StatusCodes.Status400BadRequest);
}
