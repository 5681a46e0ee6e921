using System.Net;

namespace OmeSim.Harness.Control;

/// <summary>
/// The control plane is a local service, so it refuses what only another site or a rebound DNS name sends: without a
/// control token, a Host header that names none of its own hosts (400); always, an Origin that is not its own and a
/// state-changing request a browser marks as coming from another site (403); and any body over
/// <see cref="ControlBody.MaxBytes"/> by its Content-Length (413). Outermost but for the error middleware, so that pages
/// and documentation are guarded too.
/// </summary>
public sealed class ControlRequestGuard(RequestDelegate next, ControlPlaneOptions options)
{
    private readonly IReadOnlySet<string>? _hosts = string.IsNullOrEmpty(options.Token) ? HostNames(options) : null;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var host = request.Host;
        if (_hosts is not null && !_hosts.Contains(host.Host.Trim('[', ']')))
        {
            return ControlError.WriteAsync(context, StatusCodes.Status400BadRequest, $"The Host header '{host}' names no host of this control plane "
                + $"(it answers to {string.Join(", ", _hosts.Order(StringComparer.Ordinal))}); without --control-token it takes no other name.");
        }
        var origin = request.Headers.Origin.ToString();
        // The authority alone: behind a TLS proxy (with a token) the page's scheme is https while this host speaks http.
        if (origin.Length > 0
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var from) && from.Authority.Equals(host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return ControlError.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"A request from the page of another site ({origin}) is refused: the control plane answers only its own pages.");
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return ControlError.WriteAsync(context, StatusCodes.Status403Forbidden,
                "A request from the page of another site is refused: the control plane answers only its own pages.");
        }
        if (request.ContentLength > ControlBody.MaxBytes)
        {
            return ControlBody.WriteTooLargeAsync(context);
        }
        return next(context);
    }

    /// <summary>The names a caller reaches the control plane by: its own host, loopback's names when it listens there, the advertised ones.</summary>
    public static IReadOnlySet<string> HostNames(ControlPlaneOptions options)
    {
        var own = options.Url.Host.Trim('[', ']');
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { own };
        if (own.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel listens on both loopbacks for localhost.
            names.UnionWith(["127.0.0.1", "::1"]);
        }
        else if (IPAddress.TryParse(own, out var address) && IPAddress.IsLoopback(address))
        {
            names.Add("localhost");
        }
        names.UnionWith(options.AdvertisedHosts);
        return names;
    }
}
