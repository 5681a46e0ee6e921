namespace OmeSim.Hosting;

/// <summary>An appliance the fleet would not start, or a control port serve could not bind, with a one-line reason for the caller.</summary>
public sealed class FleetException(FleetRefusal refusal, string message, Exception? inner = null) : Exception(message, inner)
{
    public FleetRefusal Refusal { get; } = refusal;
}
