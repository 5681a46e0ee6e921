using System.Security.Cryptography;
using System.Text;

namespace OmeSim.Harness.Control;

/// <summary>
/// With <see cref="ControlPlaneOptions.Token"/> set, every control call presents <c>Authorization: Bearer TOKEN</c>
/// (compared in fixed time) or gets 401. The documentation (/swagger, /openapi) stays open: it holds no state and no secret.
/// </summary>
public sealed class ControlTokenMiddleware(RequestDelegate next, ControlPlaneOptions options)
{
    private readonly byte[]? _expected = options.Token is { Length: > 0 } token ? Hash(token) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (_expected is null
            || IsDocumentation(context.Request.Path)
            || Presented(context.Request) is { } given && CryptographicOperations.FixedTimeEquals(Hash(given), _expected))
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

    private static bool IsDocumentation(PathString path) =>
        path.StartsWithSegments("/swagger") || path.StartsWithSegments("/openapi");

    // Hashes first, so that the comparison takes the same time whatever the lengths.
    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
