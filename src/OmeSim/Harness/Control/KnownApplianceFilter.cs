using Microsoft.AspNetCore.Mvc.Filters;
using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>Answers 404 with the known names, before the action runs, when a <see cref="KnownApplianceAttribute"/> parameter found no appliance.</summary>
public sealed class KnownApplianceFilter(ApplianceFleet fleet) : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        var wanted = context.ActionDescriptor.Parameters.Any(p => p.BindingInfo?.BinderType?.DeclaringType == typeof(KnownApplianceAttribute)
            && !context.ActionArguments.ContainsKey(p.Name));
        if (wanted)
        {
            context.Result = ControlError.UnknownAppliance(fleet, context.RouteData.Values[KnownApplianceAttribute.RouteValue] as string ?? "");
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
