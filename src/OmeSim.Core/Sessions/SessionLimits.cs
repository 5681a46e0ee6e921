namespace OmeSim.Core.Sessions;

/// <summary>Session limits of the API session type, as OME's SessionConfiguration reports them.</summary>
public sealed record SessionLimits(int MaxSessions, TimeSpan SessionTimeout)
{
    /// <summary>OME's defaults for API sessions: 100 sessions, 30 minutes idle.</summary>
    public static readonly SessionLimits Default = new(100, TimeSpan.FromMilliseconds(1_800_000));
}
