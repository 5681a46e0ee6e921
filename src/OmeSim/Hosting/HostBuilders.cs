using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog;

namespace OmeSim.Hosting;

/// <summary>What every OmeSim host shares: an empty builder (no file watchers), Serilog, loopback-aware listening.</summary>
public static class HostBuilders
{
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(HostBuilders).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSerilog(Log.Logger, dispose: false);
        return builder;
    }

    /// <summary>
    /// The controllers of one namespace only, and no form binding: MVC would read a body sent with a form content type
    /// (`curl --data-binary` without -H) before the action reads it raw.
    /// </summary>
    public static IMvcBuilder AddControllers(IServiceCollection services, string controllerNamespace) =>
        services.AddControllers(WithoutFormBinding)
            .ConfigureApplicationPartManager(m => ControllerNamespaceFilter.Apply(m, controllerNamespace));

    /// <summary>
    /// As <see cref="AddControllers"/>, with MVC's core alone: OME's controllers read and write their bodies themselves
    /// and use no formatter, validation, API explorer, CORS or authorization. Authorization's services would also make
    /// WebApplication put its authentication and authorization middlewares, empty here, in front of every request.
    /// </summary>
    public static IMvcCoreBuilder AddCoreControllers(IServiceCollection services, string controllerNamespace) =>
        services.AddMvcCore(WithoutFormBinding)
            .ConfigureApplicationPartManager(m => ControllerNamespaceFilter.Apply(m, controllerNamespace));

    private static void WithoutFormBinding(MvcOptions options)
    {
        foreach (var form in options.ValueProviderFactories
            .Where(f => f is FormValueProviderFactory or FormFileValueProviderFactory or JQueryFormValueProviderFactory).ToList())
        {
            options.ValueProviderFactories.Remove(form);
        }
    }

    /// <summary>The socket error under a failed start (Kestrel wraps it in an IOException and an AddressInUseException), or null.</summary>
    public static SocketError? SocketErrorOf(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }
        return null;
    }

    /// <summary>A port that another process holds, or that this one may not bind (below 1024 without root).</summary>
    public static bool IsPortTaken(Exception e) => SocketErrorOf(e) is SocketError.AddressAlreadyInUse or SocketError.AccessDenied;

    /// <summary>Listens on <paramref name="url"/>'s host and port; with port 0 (a free port) on one address only, so that the port is one.</summary>
    public static void Listen(KestrelServerOptions kestrel, Uri url, Action<ListenOptions> configure)
    {
        var host = url.Host.Trim('[', ']');
        if (host is "*" or "0.0.0.0" or "+")
        {
            kestrel.ListenAnyIP(url.Port, configure);
        }
        else if (host == "localhost")
        {
            if (url.Port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0, configure);
            }
            else
            {
                kestrel.ListenLocalhost(url.Port, configure);
            }
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, url.Port, configure);
        }
        else
        {
            var resolved = Dns.GetHostAddresses(host);
            foreach (var one in url.Port == 0 ? resolved.Take(1) : resolved)
            {
                kestrel.Listen(one, url.Port, configure);
            }
        }
    }
}
