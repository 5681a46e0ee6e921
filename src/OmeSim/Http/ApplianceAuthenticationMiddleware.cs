using System.Net.Http.Headers;
using System.Text;
using OmeSim.Core.Appliances;
using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>
/// OME checks credentials before routing: Basic or X-Auth-Token on every endpoint but the login itself,
/// so an unauthenticated request to an unknown URI answers 401, not 404.
/// </summary>
public sealed class ApplianceAuthenticationMiddleware(RequestDelegate next, Appliance appliance)
{
    private const string SessionsPath = "/api/SessionService/Sessions";

    public Task InvokeAsync(HttpContext context)
    {
        var kind = Authenticate(context);
        context.Items[JournalKeys.AuthKind] = kind;
        if (kind != AuthKind.None || IsLogin(context.Request))
        {
            return next(context);
        }
        return OmeResponses.WriteErrorAsync(context, OmeError.Of(MessageRegistry.CGEN1001));
    }

    private AuthKind Authenticate(HttpContext context)
    {
        var request = context.Request;
        var token = request.Headers["X-Auth-Token"].ToString();
        if (token.Length > 0 && appliance.Sessions.Authenticate(token) is not null)
        {
            return AuthKind.Token;
        }
        return TryReadBasic(request.Headers.Authorization.ToString(), out var user, out var password)
            && appliance.CheckCredentials(user, password, context.Connection.RemoteIpAddress?.ToString(), "Basic")
            ? AuthKind.Basic
            : AuthKind.None;
    }

    private static bool IsLogin(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(SessionsPath, StringComparison.OrdinalIgnoreCase);

    internal static bool TryReadBasic(string header, out string user, out string password)
    {
        user = password = "";
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !"Basic".Equals(value.Scheme, StringComparison.OrdinalIgnoreCase)
            || value.Parameter is null)
        {
            return false;
        }
        Span<byte> decoded = stackalloc byte[Math.Min(value.Parameter.Length, LocalAdministrator.MaxBasicBase64Chars)];
        if (value.Parameter.Length > LocalAdministrator.MaxBasicBase64Chars || !Convert.TryFromBase64String(value.Parameter, decoded, out var length))
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(decoded[..length]);
        var colon = text.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }
        user = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
