using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace OmeSim.Harness;

/// <summary>
/// An appliance's request journal as a HAR 1.2 log, for any HAR viewer. It holds what the journal holds and no more:
/// how a call authenticated appears as a masked header, never the credential; bodies appear only as their size.
/// OmeSim's own fields (MessageId, fault rule, client certificate) are HAR custom fields, named with a leading underscore.
/// </summary>
public static class HarDocument
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>What stands in for a credential's value in the HAR headers.</summary>
    public const string Masked = "(masked)";

    public static JsonObject Create(string applianceName, Uri baseUrl, IEnumerable<JournalEntry> entries) => new()
    {
        ["log"] = new JsonObject
        {
            ["version"] = "1.2",
            ["creator"] = new JsonObject { ["name"] = "OmeSim", ["version"] = typeof(HarDocument).Assembly.GetName().Version?.ToString() ?? "0" },
            ["comment"] = $"Request journal of appliance {applianceName}",
            // A failed TLS handshake carried no HTTP request: the HAR leaves it out.
            ["entries"] = new JsonArray([.. entries.Where(e => e.TlsError is null).Select(e => (JsonNode)Entry(baseUrl, e))]),
        },
    };

    private static JsonObject Entry(Uri baseUrl, JournalEntry entry)
    {
        var url = new Uri(baseUrl, entry.Path);
        return new JsonObject
        {
            ["startedDateTime"] = entry.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["time"] = 0,
            ["request"] = new JsonObject
            {
                ["method"] = entry.Method,
                ["url"] = url.AbsoluteUri,
                ["httpVersion"] = "HTTP/1.1",
                ["cookies"] = new JsonArray(),
                ["headers"] = AuthHeaders(entry.Auth),
                ["queryString"] = QueryString(url.Query),
                ["headersSize"] = -1,
                ["bodySize"] = entry.RequestBodyBytes,
            },
            ["response"] = new JsonObject
            {
                ["status"] = entry.Status,
                // OME's front end sends the status number as its reason phrase.
                ["statusText"] = entry.Dropped ? "" : entry.Status.ToString(CultureInfo.InvariantCulture),
                ["httpVersion"] = "HTTP/1.1",
                ["cookies"] = new JsonArray(),
                ["headers"] = new JsonArray(),
                ["content"] = new JsonObject { ["size"] = -1, ["mimeType"] = "application/json" },
                ["redirectURL"] = "",
                ["headersSize"] = -1,
                ["bodySize"] = -1,
            },
            ["cache"] = new JsonObject(),
            ["timings"] = new JsonObject { ["send"] = 0, ["wait"] = 0, ["receive"] = 0 },
            ["_sequence"] = entry.Sequence,
            ["_messageId"] = entry.MessageId,
            ["_auth"] = entry.Auth,
            ["_clientCertificateSubject"] = entry.ClientCertificateSubject,
            ["_clientCertificateThumbprint"] = entry.ClientCertificateThumbprint,
            ["_faultId"] = entry.FaultId,
            ["_dropped"] = entry.Dropped,
        };
    }

    private static JsonArray AuthHeaders(string auth) => auth switch
    {
        "Basic" => [Header("Authorization", "Basic " + Masked)],
        "Token" => [Header("X-Auth-Token", Masked)],
        _ => [],
    };

    private static JsonArray QueryString(string query) =>
        [.. QueryHelpers.ParseQuery(query).SelectMany(p => p.Value.Select(v => (JsonNode)Header(p.Key, v ?? "")))];

    private static JsonObject Header(string name, string value) => new() { ["name"] = name, ["value"] = value };
}
