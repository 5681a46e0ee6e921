using System.Net;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OmeSim.Core.Appliances;
using OmeSim.Http;
using Serilog;

namespace OmeSim.Hosting;

/// <summary>Builds one appliance's host: Kestrel HTTPS (HTTP/1.1), OME's protocol habits, authentication, OME's controllers.</summary>
public static class ApplianceHost
{
    public const string ControllerNamespace = "OmeSim.Controllers";

    public static WebApplication Create(ApplianceNode node, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = HostBuilders.CreateBuilder();
        var options = node.Options;
        builder.Services.AddSingleton(node);
        builder.Services.AddSingleton(node.Appliance);
        builder.Services.AddSingleton(node.Log);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new ApplianceTls(node.Appliance));
        HostBuilders.AddControllers(builder.Services, ControllerNamespace);

        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            var tls = kestrel.ApplicationServices.GetRequiredService<ApplianceTls>();
            HostBuilders.Listen(kestrel, options.Url, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(next => connection =>
                {
                    // OME restarts its web server after an upload; with UploadRestartWindow set, so does OmeSim.
                    if (node.IsRestarting)
                    {
                        connection.Abort();
                        return Task.CompletedTask;
                    }
                    return next(connection);
                });
                listen.UseHttps(tls.HandshakeOptions());
            });
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<JournalMiddleware>();
        app.UseMiddleware<OmeProtocolMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<ApplianceAuthenticationMiddleware>();
        app.UseRouting();
        app.UseMiddleware<ExactPathMiddleware>();
        app.MapControllers();
        return app;
    }
}

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
        services.AddControllers(o =>
            {
                foreach (var form in o.ValueProviderFactories.Where(f => f is FormValueProviderFactory or FormFileValueProviderFactory or JQueryFormValueProviderFactory).ToList())
                {
                    o.ValueProviderFactories.Remove(form);
                }
            })
            .ConfigureApplicationPartManager(m => ControllerNamespaceFilter.Apply(m, controllerNamespace));

    public static void Listen(KestrelServerOptions kestrel, Uri url, Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions> configure)
    {
        var host = url.Host.Trim('[', ']');
        if (host is "*" or "0.0.0.0" or "+")
        {
            kestrel.ListenAnyIP(url.Port, configure);
        }
        else if (host == "localhost")
        {
            kestrel.ListenLocalhost(url.Port, configure);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, url.Port, configure);
        }
        else
        {
            foreach (var resolved in Dns.GetHostAddresses(host))
            {
                kestrel.Listen(resolved, url.Port, configure);
            }
        }
    }
}
