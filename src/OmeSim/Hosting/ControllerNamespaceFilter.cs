using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace OmeSim.Hosting;

/// <summary>Each host serves only the controllers of its own namespace and those below it; without it every host serves every controller.</summary>
internal sealed class ControllerNamespaceFilter(string ns) : ControllerFeatureProvider
{
    protected override bool IsController(TypeInfo typeInfo) =>
        base.IsController(typeInfo) && (typeInfo.Namespace == ns || typeInfo.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true);

    public static void Apply(ApplicationPartManager manager, string ns)
    {
        foreach (var provider in manager.FeatureProviders.OfType<ControllerFeatureProvider>().ToList())
        {
            manager.FeatureProviders.Remove(provider);
        }
        manager.FeatureProviders.Add(new ControllerNamespaceFilter(ns));
    }
}
