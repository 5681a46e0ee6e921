using OmeSim.Core.Appliances;

namespace OmeSim.Harness.Control;

/// <summary>GET /appliances/{name}/clock, and the clock part of an appliance's summary.</summary>
public sealed record ClockView(DateTimeOffset Now, double OffsetSeconds, bool Frozen)
{
    public static ClockView From(ApplianceClock clock) => new(clock.GetUtcNow(), Math.Round(clock.OffsetSeconds, 3), clock.Frozen);
}
