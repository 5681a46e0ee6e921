namespace OmeSim.OmeApi.Sessions;

/// <summary>The login body of POST SessionService/Sessions.</summary>
public sealed record SessionRequest(string? UserName, string? Password, string? SessionType);
