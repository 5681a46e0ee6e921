using System.Text.Json.Serialization;
using OmeSim.Core.Messages;
using OmeSim.Core.Sessions;

namespace OmeSim.OmeApi.Sessions;

/// <summary>An API session as SessionService/Sessions answers it.</summary>
public sealed record SessionBody
{
    /// <summary>The local administrator's UserId: OME gives each user a number; this one is from Dell's examples (modelled).</summary>
    public const long AdministratorUserId = 10078;

    [JsonPropertyName("@odata.type")]
    public string ODataType => "#SessionService.Session";

    [JsonPropertyName("@odata.id")]
    public string ODataId => PathOf(Id);

    public required string Id { get; init; }

    /// <summary>OME repeats the user name here.</summary>
    public required string Description { get; init; }

    /// <summary>The session type (API, GUI).</summary>
    public required string Name { get; init; }

    public required string UserName { get; init; }

    public required long UserId { get; init; }

    /// <summary>Always null: OME never answers the password.</summary>
    public string? Password => null;

    public required IReadOnlyList<string> Roles { get; init; }

    public required string IpAddress { get; init; }

    public required string StartTimeStamp { get; init; }

    public required string LastAccessedTimeStamp { get; init; }

    public IReadOnlyList<string> DirectoryGroup => [];

    public static string PathOf(string id) => $"/api/SessionService/Sessions('{id}')";

    /// <summary>Every session is the local administrator's, the one user OmeSim knows.</summary>
    public static SessionBody From(Session session) => new()
    {
        Id = session.Id,
        Description = session.UserName,
        Name = session.SessionType,
        UserName = session.UserName,
        UserId = AdministratorUserId,
        Roles = ["ADMINISTRATOR"],
        IpAddress = session.IpAddress,
        StartTimeStamp = OmeTime.Timestamp(session.StartTime),
        LastAccessedTimeStamp = OmeTime.Timestamp(session.LastAccessed),
    };
}
