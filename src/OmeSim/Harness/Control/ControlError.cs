using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using OmeSim.Core.Messages;
using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>The control plane's error body: <c>{"Error":"..."}</c>, with the known values when a name was wrong.</summary>
public sealed record ControlError(string Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Known = null)
{
    public static ObjectResult Result(int status, string error, IReadOnlyList<string>? known = null) =>
        new(new ControlError(error, known)) { StatusCode = status };

    public static ObjectResult UnknownAppliance(ApplianceFleet fleet, string name) =>
        Result(StatusCodes.Status404NotFound, $"No appliance named '{name}'.", [.. fleet.Running.Select(a => a.Name)]);

    /// <summary>The control plane's answers go through MVC; this writes the same shape from middleware.</summary>
    public static Task WriteAsync(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new ControlError(error), OmeJson.Options));
    }
}
