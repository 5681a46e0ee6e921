namespace OmeSim.Core.Appliances;

/// <summary>An appliance's identity as its API reports it.</summary>
/// <param name="Version">The console version, e.g. <c>4.0.0</c>.</param>
/// <param name="BuildNumber">The build number shown beside the version.</param>
/// <param name="Guid">The appliance's unique id.</param>
public sealed record ApplianceSettings(string Version, string BuildNumber, Guid Guid);
