namespace OmeSim.Hosting;

/// <summary>Why <see cref="ApplianceFleet"/> refused to start an appliance.</summary>
public enum FleetRefusal
{
    /// <summary>A name, version, address or port that is not one.</summary>
    Invalid,

    /// <summary>The name is taken by another appliance.</summary>
    NameTaken,

    /// <summary>The port could not be bound (taken, or not allowed).</summary>
    PortUnavailable,

    /// <summary>Every port of the declared range (--appliance-ports) is taken.</summary>
    PortsExhausted,

    /// <summary>The appliance's data folder holds a saved state that cannot be read.</summary>
    CorruptState,
}
