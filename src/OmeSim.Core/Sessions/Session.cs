namespace OmeSim.Core.Sessions;

/// <summary>One API session of an appliance.</summary>
public sealed class Session
{
    internal Session(string id, string token, string userName, string sessionType, string ipAddress, DateTimeOffset start)
    {
        Id = id;
        Token = token;
        UserName = userName;
        SessionType = sessionType;
        IpAddress = ipAddress;
        StartTime = start;
        LastAccessed = start;
    }

    public string Id { get; }
    public string Token { get; }
    public string UserName { get; }
    public string SessionType { get; }
    public string IpAddress { get; }
    public DateTimeOffset StartTime { get; }
    public DateTimeOffset LastAccessed { get; internal set; }
}
