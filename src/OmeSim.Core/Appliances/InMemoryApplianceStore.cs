namespace OmeSim.Core.Appliances;

/// <summary>A store that forgets on exit: for tests and CI.</summary>
public sealed class InMemoryApplianceStore : IApplianceStore
{
    private ApplianceState? _state;

    public string? DataDirectory => null;

    public ApplianceState? Load() => Volatile.Read(ref _state);

    public void Save(ApplianceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Volatile.Write(ref _state, state);
    }

}
