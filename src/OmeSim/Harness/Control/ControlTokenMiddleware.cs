using System.Security.Cryptography;
using System.Text;

namespace OmeSim.Harness.Control;

/// <summary>
/// With <see cref="ControlPlaneOptions.Token"/> set, every control call presents <c>Authorization: Bearer TOKEN</c>
/// (compared in fixed time) or gets 401. The documentation (/swagger, /openapi) stays open: it holds no state and no secret.
/// So do GET /health/live and /health/ready, for a kubelet's probes, which send no token: without it they say the status alone.
/// </summary>
public sealed class ControlTokenMiddleware(RequestDelegate next, ControlPlaneOptions options)
{
    /// <summary>HttpContext.Items key: present when the caller may see more than a status (the token given, or none needed).</summary>
    public const string AuthorizedItem = "OmeSim.ControlAuthorized";

    private readonly byte[]? _expected = options.Token is { Length: > 0 } token ? Hash(token) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (_expected is null
            || Presented(context.Request) is { } given && CryptographicOperations.FixedTimeEquals(Hash(given), _expected))
        {
            context.Items[AuthorizedItem] = true;
            return next(context);
        }
        if (IsDocumentation(context.Request.Path) || IsHealth(context.Request))
        {
            return next(context);
        }
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"OmeSim control\"";
        return ControlError.WriteAsync(context, StatusCodes.Status401Unauthorized, "This control plane needs 'Authorization: Bearer <control token>'.");
    }

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static bool IsHealth(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (request.Path.Equals("/health/live", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/health/ready", StringComparison.OrdinalIgnoreCase));

    private static bool IsDocumentation(PathString path) =>
        path.StartsWithSegments("/swagger") || path.StartsWithSegments("/openapi");

    // Hashes first, so that the comparison takes the same time whatever the lengths.
    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
