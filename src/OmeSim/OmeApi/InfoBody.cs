using System.Text.Json.Serialization;
using OmeSim.Core.Appliances;

namespace OmeSim.OmeApi;

/// <summary>ApplicationService/Info: the product's fixed words, and the version and identity of this appliance.</summary>
public sealed record InfoBody
{
    /// <summary>OME does not publish its build dates; OmeSim reports one fixed date (modelled).</summary>
    public const string ModelledBuildDate = "2024-01-17 16:47:07.000";

    [JsonPropertyName("@odata.type")]
    public string ODataType => "#ApplicationService.Info";

    public string Name => "OM Enterprise";

    public string Description => "OpenManage Enterprise";

    public string Vendor => "Dell, Inc.";

    public string Branding => "Dell";

    public int ProductType => 1;

    public required string Version { get; init; }

    public required string BuildNumber { get; init; }

    public string BuildDate => ModelledBuildDate;

    public required string Guid { get; init; }

    public string OperationStatus => "Idle";

    public long OperationJobId => 0;

    public static InfoBody From(ApplianceState state) => new()
    {
        Version = state.Settings.Version,
        BuildNumber = state.Settings.BuildNumber,
        Guid = state.Settings.Guid.ToString(),
    };
}
