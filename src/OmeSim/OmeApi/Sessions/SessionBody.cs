using System.Text.Json.Serialization;
using OmeSim.Core.Messages;
using OmeSim.Core.Sessions;

namespace OmeSim.OmeApi.Sessions;

/// <summary>An API session as SessionService/Sessions answers it.</summary>
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
