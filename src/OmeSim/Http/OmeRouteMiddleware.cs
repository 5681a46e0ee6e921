using Microsoft.AspNetCore.Routing.Patterns;
using OmeSim.Core.Appliances;
using OmeSim.Core.Migration;
using OmeSim.OmeApi.Migration;

namespace OmeSim.Http;

/// <summary>
/// After routing, which paths exist on this appliance as OME has them; anything else gets a bare 404 here, which
/// <see cref="OmeProtocolMiddleware"/> answers as OME's unknown URI (one place for that answer, 404 or 405 CGEN1006):
/// - ASP.NET matches routes case-insensitively and forgives a trailing slash; OME's Java back end does neither
///   (JAX-RS paths are exact). A client that gets a path's case wrong must fail here as it would on OME.
/// - An action the appliance's version does not offer does not exist, whatever the method (ValidateConnection below 4.0).
/// </summary>
public sealed class OmeRouteMiddleware(RequestDelegate next, Appliance appliance)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var unknown = !OfferedByVersion(path)
            || context.GetEndpoint() is RouteEndpoint endpoint && !Matches(endpoint.RoutePattern, path);
        if (unknown)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next(context);
    }

    /// <summary>ValidateConnection and ConnectionValidation exist only on appliances that can be a migration target (4.0 and later).</summary>
    private bool OfferedByVersion(string path) =>
        !(string.Equals(path, MigrationClient.ValidateConnectionPath, StringComparison.OrdinalIgnoreCase)
            || string.Equals(path, "/" + ConnectionValidationBody.ApiPath, StringComparison.OrdinalIgnoreCase))
        || MigrationRules.OffersValidation(appliance.State.Settings.Version);

    internal static bool Matches(RoutePattern pattern, string path)
    {
        var segments = path.TrimStart('/').Split('/');
        if (segments.Length != pattern.PathSegments.Count)
        {
            return false;
        }
        for (var i = 0; i < segments.Length; i++)
        {
            var parts = pattern.PathSegments[i].Parts;
            if (parts[0] is RoutePatternLiteralPart first && !segments[i].StartsWith(first.Content, StringComparison.Ordinal))
            {
                return false;
            }
            if (parts[^1] is RoutePatternLiteralPart last && !segments[i].EndsWith(last.Content, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
