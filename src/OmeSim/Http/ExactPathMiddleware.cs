using Microsoft.AspNetCore.Routing.Patterns;
using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>
/// ASP.NET matches routes case-insensitively and forgives a trailing slash; OME's Java back end does neither
/// (JAX-RS paths are exact). A client that gets a path's case wrong must fail here as it would on OME.
/// </summary>
public sealed class ExactPathMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint endpoint && !Matches(endpoint.RoutePattern, context.Request.Path.Value ?? "")
            ? OmeResponses.WriteErrorAsync(context, OmeError.Of(MessageRegistry.CGEN1006))
            : next(context);

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
