using System.Text.Json.Serialization;
using OmeSim.Core.Messages;
using OmeSim.Core.Sessions;

namespace OmeSim.Contracts;

/// <summary>The login body of POST SessionService/Sessions.</summary>
public sealed record SessionRequest(string? UserName, string? Password, string? SessionType);
