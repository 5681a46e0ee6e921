namespace OmeSim.OmeApi.Migration;

/// <summary>What migration validation needs to know about its own appliance besides its state.</summary>
/// <param name="ApplianceName">The appliance's name, shown in the check's answer.</param>
/// <param name="Timeout">How long the target waits for the source.</param>
/// <param name="OwnHost">The host the appliance listens on; between two loopback appliances the target connects from it.</param>
public sealed record MigrationSettings(string ApplianceName, TimeSpan Timeout, string OwnHost);
