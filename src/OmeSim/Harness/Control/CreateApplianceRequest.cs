namespace OmeSim.Harness.Control;

/// <summary>
/// POST /appliances: every field optional (a free name ome-N, the default version 4.0.1, 127.0.0.1, a free port);
/// <see cref="PrivilegedPort"/> asks for a port below 1024, refused otherwise.
/// </summary>
public sealed record CreateApplianceRequest(string? Name = null, string? Version = null, string? Address = null, int? Port = null,
    bool PrivilegedPort = false);
