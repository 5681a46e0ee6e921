using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OmeSim.Hosting;
using OmeSim.WebConsole;

namespace OmeSim.Harness.Control;

/// <summary>
/// Builds the harness plane's host: plain HTTP, loopback by default, apart from every appliance port; OpenAPI at /openapi/v1.json, Swagger UI at
/// /swagger.
/// </summary>
public static class ControlHost
{
    public const string ControllerNamespace = "OmeSim.Harness.Control";
    public const string OpenApiPath = "/openapi/v1.json";
    public const string SwaggerRoute = "swagger";

    /// <param name="options">Where it listens, its token, whether it hands out the test CA's key.</param>
    /// <param name="fleet">The appliances it manages.</param>
    /// <param name="testCa">The test CA it signs with.</param>
    /// <param name="readiness">What /health/ready answers.</param>
    /// <param name="configure">Applied to the builder last (tests swap in TestServer).</param>
    public static WebApplication Create(ControlPlaneOptions options, ApplianceFleet fleet, TestCaSource testCa, Readiness readiness,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = HostBuilders.CreateBuilder();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(fleet);
        builder.Services.AddSingleton(testCa);
        builder.Services.AddSingleton(readiness);
        HostBuilders.AddControllers(builder.Services, ControllerNamespace)
            .AddMvcOptions(o => o.Filters.Add<KnownApplianceFilter>())
            .AddJsonOptions(o =>
            {
                OmeSim.Core.Messages.OmeJson.Configure(o.JsonSerializerOptions);
                // A number is a number: "Port":"80" is refused, not read as 80 (MVC's web defaults would read it).
                o.JsonSerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
                // Keeps the serializer's exception (not its message, which names .NET types) for ControlBody.Problems to put in plain words.
                o.AllowInputFormatterExceptionMessages = false;
            })
            .ConfigureApiBehaviorOptions(o =>
            {
                // Body problems answer {"Error":...} from the action and bare statuses from ControlErrorMiddleware, not ProblemDetails.
                o.SuppressModelStateInvalidFilter = true;
                o.SuppressMapClientErrors = true;
            });
        // The OpenAPI schemas follow the minimal-API JSON options: the same one setting, so they show PascalCase.
        builder.Services.ConfigureHttpJsonOptions(o => OmeSim.Core.Messages.OmeJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi(o => o.AddOperationTransformer(PemBodyAttribute.DescribeAsync).AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "OmeSim control plane";
            document.Info.Description = "The harness plane for test suites: health, appliances (create, delete), reset, clock, faults, "
                + "request journal, log bundle, test CA. JSON names in PascalCase. With --control-token, every call but /swagger and "
                + "/openapi needs 'Authorization: Bearer TOKEN', TOKEN being the --control-token value.";
            return Task.CompletedTask;
        }));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ControlBody.MaxBytes;
            HostBuilders.Listen(kestrel, options.Url, _ => { });
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<ControlErrorMiddleware>();
        app.UseMiddleware<ControlRequestGuard>();
        app.UseDashboard();
        app.UseMiddleware<ControlTokenMiddleware>();
        app.UseSwaggerPolicy(SwaggerRoute);
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = SwaggerRoute;
            o.SwaggerEndpoint(OpenApiPath, "OmeSim control plane");
            o.SwaggerEndpoint(Dashboard.ApplianceOpenApiPath, "OME appliance API (as OmeSim answers it)");
            o.DocumentTitle = "OmeSim control plane";
        });
        app.UseRouting();
        app.UseMiddleware<ControlContentTypeMiddleware>();
        app.MapOpenApi();
        app.MapControllers();
        return app;
    }

    public static Uri? BoundUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
            ? new Uri(address)
            : null;
}
