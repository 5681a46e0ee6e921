using System.Text.Json.Serialization;
using OmeSim.Core.Messages;
using OmeSim.Core.Sessions;

namespace OmeSim.Contracts;

public sealed record SessionRequest(string? UserName, string? Password, string? SessionType);

public sealed record SessionBody(
    [property: JsonPropertyName("@odata.type")] string ODataType,
    [property: JsonPropertyName("@odata.id")] string ODataId,
    string Id,
    string Description,
    string Name,
    string UserName,
    long UserId,
    string? Password,
    IReadOnlyList<string> Roles,
    string IpAddress,
    string StartTimeStamp,
    string LastAccessedTimeStamp,
    IReadOnlyList<string> DirectoryGroup)
{
    /// <summary>The local administrator's UserId: OME gives each user a number; this one is from Dell's examples (modelled).</summary>
    public const long AdministratorUserId = 10078;

    public static string PathOf(string id) => $"/api/SessionService/Sessions('{id}')";

    public static SessionBody From(Session session) => new(
        "#SessionService.Session",
        PathOf(session.Id),
        session.Id,
        session.UserName,
        session.SessionType,
        session.UserName,
        AdministratorUserId,
        null,
        ["ADMINISTRATOR"],
        session.IpAddress,
        OmeTime.Timestamp(session.StartTime),
        OmeTime.Timestamp(session.LastAccessed),
        []);
}

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

/// <summary>OME's collection shape.</summary>
public sealed record ODataCollection<T>(
    [property: JsonPropertyName("@odata.context")] string Context,
    [property: JsonPropertyName("@odata.count")] int Count,
    [property: JsonPropertyName("value")] IReadOnlyList<T> Value)
{
    public ODataCollection(string context, IReadOnlyList<T> value) : this(context, value.Count, value)
    {
    }
}
