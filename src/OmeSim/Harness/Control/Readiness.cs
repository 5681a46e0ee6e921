using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>
/// Ready once every appliance <c>serve</c> starts with listens with its state loaded, and from then on: appliances
/// created or deleted later do not make it unready.
/// </summary>
public sealed class Readiness(ApplianceFleet fleet, IReadOnlyList<string> initial)
{
    private volatile bool _ready;
    private volatile string? _held;

    /// <summary>Keeps it unready for <paramref name="reason"/> (serve's --provision at work) until <see cref="Release"/>.</summary>
    public void Hold(string reason) => _held = reason;

    public void Release() => _held = null;

    /// <summary>Null when ready; else why not.</summary>
    public string? NotReadyReason()
    {
        if (_ready)
        {
            return null;
        }
        if (initial.FirstOrDefault(name => fleet.Find(name) is null) is { } waiting)
        {
            return $"Appliance {waiting} is not listening yet.";
        }
        if (_held is { } held)
        {
            return held;
        }
        _ready = true;
        return null;
    }
}
