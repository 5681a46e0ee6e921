namespace OmeSim.Core.Sessions;

/// <summary>One API session of an appliance; <see cref="SessionRegistry"/> makes them.</summary>
public sealed class Session
{
    internal Session() { }

    public required string Id { get; init; }
    public required string Token { get; init; }
    public required string UserName { get; init; }
    public required string SessionType { get; init; }
    public required string IpAddress { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public DateTimeOffset LastAccessed { get; internal set; }
}
