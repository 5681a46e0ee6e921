namespace OmeSim.Core.Appliances;

/// <summary>Where an appliance's state lives between restarts. Implementations are safe to call from several threads.</summary>
public interface IApplianceStore
{
    /// <summary>The saved state, or null when nothing was saved.</summary>
    ApplianceState? Load();

    /// <summary>Replaces the saved state as a whole: after a crash, either the old state or this one loads.</summary>
    void Save(ApplianceState state);

    /// <summary>The appliance's data folder (others, e.g. <c>tomcat/application.log</c>, live under it); null in memory.</summary>
    string? DataDirectory { get; }
}
