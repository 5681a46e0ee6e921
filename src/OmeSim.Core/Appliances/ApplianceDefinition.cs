using OmeSim.Core.Sessions;

namespace OmeSim.Core.Appliances;

/// <summary>What an appliance is told at start: its name, host name, version, credentials and limits.</summary>
public sealed record ApplianceDefinition(
    string Name,
    string HostName,
    string Version,
    string BuildNumber,
    string UserName,
    string Password,
    SessionLimits SessionLimits);
