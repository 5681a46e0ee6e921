namespace OmeSim.Http;

/// <summary>
/// A GET route that answers HEAD as well, as OME's Java web stack does for every GET resource (RFC 9110 §9.3.2):
/// the same status and headers, no body (Kestrel drops it).
/// </summary>
public sealed class HttpGetOrHeadAttribute(string template) : Microsoft.AspNetCore.Mvc.Routing.HttpMethodAttribute(["GET", "HEAD"], template);
