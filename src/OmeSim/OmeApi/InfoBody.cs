using System.Text.Json.Serialization;
using OmeSim.Core.Appliances;

namespace OmeSim.OmeApi;

/// <summary>ApplicationService/Info.</summary>
public sealed record InfoBody(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    string Name,
    string Description,
    string Vendor,
    string Branding,
    int ProductType,
    string Version,
    string BuildNumber,
    string BuildDate,
    string Guid,
    string OperationStatus,
    long OperationJobId)
{
    /// <summary>OME does not publish its build dates; OmeSim reports one fixed date (modelled).</summary>
    public const string ModelledBuildDate = "2024-01-17 16:47:07.000";

    public static InfoBody From(ApplianceState state) => new(
        "#ApplicationService.Info",
        "OM Enterprise",
        "OpenManage Enterprise",
        "Dell, Inc.",
        "Dell",
        1,
        state.Settings.Version,
        state.Settings.BuildNumber,
        ModelledBuildDate,
        state.Settings.Guid.ToString(),
        "Idle",
        0);
}
