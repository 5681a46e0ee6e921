using System.Security.Cryptography;

namespace OmeSim.Core.Sessions;

/// <summary>One API session of an appliance; <see cref="SessionRegistry"/> makes them, each with a new id and token.</summary>
public sealed class Session
{
    internal Session(string userName, string sessionType, string ipAddress, DateTimeOffset startTime) =>
        (UserName, SessionType, IpAddress, StartTime, LastAccessed) = (userName, sessionType, ipAddress, startTime, startTime);

    public string Id { get; } = Guid.NewGuid().ToString();

    /// <summary>The X-Auth-Token: like OME's, 32 lowercase hex characters.</summary>
    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string UserName { get; }
    public string SessionType { get; }
    public string IpAddress { get; }
    public DateTimeOffset StartTime { get; }
    public DateTimeOffset LastAccessed { get; internal set; }
}
