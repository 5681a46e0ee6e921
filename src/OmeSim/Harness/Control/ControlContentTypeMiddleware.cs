using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace OmeSim.Harness.Control;

/// <summary>
/// A state-changing control call (any method but GET and HEAD) takes a body only as <c>application/json</c>, and a
/// Content-Type other than that only on routes marked <see cref="PemBodyAttribute"/> (which change nothing). A form or
/// text body, which a page of another site can send without asking, is refused with 415 before the route runs. After
/// routing, so that it sees the route's markers; after the token, so that a caller without it learns nothing more.
/// </summary>
public sealed class ControlContentTypeMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<PemBodyAttribute>() is not null)
        {
            return next(context);
        }
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        var type = request.ContentType;
        if (type is null ? !hasBody : IsJson(type))
        {
            return next(context);
        }
        return ControlError.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, type is null
            ? "A body needs Content-Type: application/json."
            : $"Content-Type '{type}' is refused: the control plane takes bodies as application/json only.");
    }

    private static bool IsJson(string type) =>
        MediaTypeHeaderValue.TryParse(type, out var media) && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
