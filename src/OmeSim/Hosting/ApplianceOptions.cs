using OmeSim.Core.Sessions;

namespace OmeSim.Hosting;

/// <summary>One appliance as <c>serve</c>, <c>POST /appliances</c> or a test starts it.</summary>
public sealed record ApplianceOptions
{
    /// <summary>The appliance's name (source, target, ome-1, ...), used by the control plane.</summary>
    public required string Name { get; init; }

    /// <summary>Where its HTTPS port listens; port 0 picks a free one.</summary>
    public required Uri Url { get; init; }

    /// <summary>The host name callers reach it by (serve's --advertise), shown instead of the address it listens on; null: that address.</summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>The port callers reach it by (a published port), shown instead of the one it listens on; null: that port.</summary>
    public int? AdvertisedPort { get; init; }

    /// <summary>ApplicationService/Info Version; 4.0 or later offers migration validation.</summary>
    public required string Version { get; init; }

    /// <summary>ApplicationService/Info BuildNumber.</summary>
    public string BuildNumber { get; init; } = Defaults.BuildNumber;

    /// <summary>The local administrator's user name.</summary>
    public string UserName { get; init; } = Defaults.UserName;

    /// <summary>The local administrator's password.</summary>
    public string Password { get; init; } = Defaults.Password;

    /// <summary>The appliance's data folder; null keeps everything in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Largest request body accepted; larger ones answer 413 CGEN1008 (modelled: 1 MiB).</summary>
    public long MaxRequestBodyBytes { get; init; } = Defaults.MaxRequestBodyBytes;

    /// <summary>API session limits (OME's defaults: 100 sessions, 30 minutes idle).</summary>
    public SessionLimits SessionLimits { get; init; } = SessionLimits.Default;

    /// <summary>After an upload, new connections are refused this long, as OME's web server restart does (default 0: none).</summary>
    public TimeSpan UploadRestartWindow { get; init; } = TimeSpan.Zero;

    /// <summary>How long the target waits for the source during migration validation.</summary>
    public TimeSpan MigrationTimeout { get; init; } = Defaults.MigrationTimeout;

    /// <summary>How many requests the journal keeps.</summary>
    public int JournalSize { get; init; } = Defaults.JournalSize;

    /// <summary>On stop, how long requests in flight may run before their connections are cut.</summary>
    public TimeSpan StopGrace { get; init; } = Defaults.StopGrace;
}
