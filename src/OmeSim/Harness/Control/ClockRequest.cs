namespace OmeSim.Harness.Control;

/// <summary>
/// PUT /appliances/{name}/clock: <c>{"Now":...}</c>, <c>{"OffsetSeconds":...}</c> or <c>{}</c> (the host's clock), each with an optional
/// <c>"Frozen":true</c>.
/// </summary>
public sealed record ClockRequest(DateTimeOffset? Now = null, double? OffsetSeconds = null, bool Frozen = false);
