using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>
/// Binds a <see cref="HostedAppliance"/> parameter to the running appliance the route's <c>{name}</c> names. When none has
/// that name, the parameter stays unbound and <see cref="KnownApplianceFilter"/> answers the one unknown-appliance 404.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class KnownApplianceAttribute : ModelBinderAttribute
{
    public const string RouteValue = "name";

    // Special: not read from the request as such, so that the OpenAPI document shows the {name} route value, a string.
    public KnownApplianceAttribute() : base(typeof(Binder)) => BindingSource = BindingSource.Special;

    private sealed class Binder(ApplianceFleet fleet) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            if (bindingContext.ActionContext.RouteData.Values[RouteValue] is string name && fleet.Find(name) is { } appliance)
            {
                bindingContext.Result = ModelBindingResult.Success(appliance);
                // A running appliance, not input: nothing in it to validate.
                bindingContext.ValidationState[appliance] = new ValidationStateEntry { SuppressValidation = true };
            }
            return Task.CompletedTask;
        }
    }
}
