using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OmeSim.Hosting;

namespace OmeSim.Control;

/// <summary>Builds the harness plane's host: plain HTTP, loopback by default, apart from every appliance port.</summary>
public static class ControlHost
{
    public const string ControllerNamespace = "OmeSim.Control";

    public static WebApplication Create(Simulator simulator, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = HostBuilders.CreateBuilder();
        builder.Services.AddSingleton(simulator);
        builder.Services.AddControllers()
            .ConfigureApplicationPartManager(m => ControllerNamespaceFilter.Apply(m, ControllerNamespace))
            .AddJsonOptions(o => OmeSim.Core.Messages.OmeJson.Configure(o.JsonSerializerOptions));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            HostBuilders.Listen(kestrel, simulator.Options.ControlUrl, _ => { });
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRouting();
        app.MapControllers();
        return app;
    }

    public static Uri? BoundUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
            ? new Uri(address)
            : null;
}
