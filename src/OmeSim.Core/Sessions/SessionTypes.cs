namespace OmeSim.Core.Sessions;

/// <summary>The session types OME's POST /api/SessionService/Sessions accepts.</summary>
public static class SessionTypes
{
    /// <summary>A REST client's session; what OME makes when the body names no type.</summary>
    public const string Api = "API";

    /// <summary>The web console's session.</summary>
    public const string Gui = "GUI";

    /// <summary>The type a request asks for, upper-cased (OME takes <c>api</c> as <c>API</c>); null when it is no type OME knows.</summary>
    public static string? Normalize(string? requested)
    {
        var type = string.IsNullOrEmpty(requested) ? Api : requested.ToUpperInvariant();
        return type is Api or Gui ? type : null;
    }
}
