using Microsoft.AspNetCore.Server.Kestrel.Core;
using OmeSim.Core.Appliances;
using OmeSim.Http;
using OmeSim.OmeApi.Migration;
using OmeSim.WebConsole;

namespace OmeSim.Hosting;

/// <summary>
/// Builds one appliance's host: Kestrel HTTPS (HTTP/1.1), OME's protocol habits, authentication, OME's controllers.
/// Each part of the appliance is its own service, so that a middleware or controller gets only what it uses.
/// </summary>
public static class ApplianceHost
{
    public const string ControllerNamespace = "OmeSim.OmeApi";

    public static WebApplication Create(HostedAppliance appliance, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = HostBuilders.CreateBuilder();
        var options = appliance.Options;
        var services = builder.Services;
        services.AddSingleton(appliance.Appliance);
        services.AddSingleton(appliance.Clock);
        services.AddSingleton(appliance.HostTime);
        services.AddSingleton(appliance.Log);
        services.AddSingleton(appliance.Journal);
        services.AddSingleton(appliance.Faults);
        services.AddSingleton(appliance.Validations);
        services.AddSingleton(new RequestBodyReader(options.MaxRequestBodyBytes));
        services.AddSingleton(new MigrationSettings(options.Name, options.MigrationTimeout, options.Url.Host));
        services.AddSingleton<MigrationClient>();
        services.AddSingleton<MigrationPeer>();
        services.AddSingleton<LastAnswer<ServedCertificate>>();
        services.AddSingleton<LastAnswer<ApplianceState>>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.StopGrace);
        HostBuilders.AddCoreControllers(services, ControllerNamespace);

        var handshakes = new TlsHandshakeWatch(appliance.Journal, appliance.Log, appliance.Clock);
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            HostBuilders.Listen(kestrel, options.Url, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(next => connection =>
                {
                    // OME restarts its web server after an upload; with UploadRestartWindow set, so does OmeSim.
                    if (appliance.Restart.IsOpen)
                    {
                        connection.Abort();
                        return Task.CompletedTask;
                    }
                    return next(connection);
                });
                listen.Use(handshakes.Around);
                listen.UseHttps(ApplianceTls.HandshakeOptions(appliance.Appliance));
                listen.Use(TlsHandshakeWatch.Completed);
            });
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseApplianceConsole();
        app.UseMiddleware<JournalMiddleware>();
        app.UseMiddleware<OmeProtocolMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<ApplianceAuthenticationMiddleware>();
        app.UseRouting();
        app.UseMiddleware<OmeRouteMiddleware>();
        app.MapControllers();
        return app;
    }
}
