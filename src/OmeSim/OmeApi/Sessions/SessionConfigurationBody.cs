using System.Text.Json.Serialization;
using OmeSim.Core.Sessions;

namespace OmeSim.OmeApi.Sessions;

/// <summary>One session type in SessionService/SessionConfiguration.</summary>
public sealed record SessionConfigurationBody(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    string SessionType,
    int MaxSessions,
    long SessionTimeout,
    long MinSessionTimeout,
    long MaxSessionTimeout,
    int MinSessionsAllowed,
    int MaxSessionsAllowed,
    bool MaxSessionsConfigurable,
    bool SessionTimeoutConfigurable)
{
    /// <summary>OME's session types; only API drives behaviour, the others carry OME's documented defaults.</summary>
    public static IReadOnlyList<SessionConfigurationBody> For(SessionLimits api) =>
    [
        Of(SessionTypes.Gui, 100, 1_800_000),
        Of(SessionTypes.Api, api.MaxSessions, (long)api.SessionTimeout.TotalMilliseconds),
        Of("UniversalTimeout", -1, -1),
        Of("Serial", 1, 1_800_000),
        Of("SSH", 1, 1_800_000),
    ];

    private static SessionConfigurationBody Of(string type, int max, long timeout) =>
        new("#SessionService.SessionConfiguration", type, max, timeout, 60_000, 86_400_000, 1, 100, true, true);
}
