using OmeSim.Hosting;

namespace OmeSim;

/// <summary>What <c>serve</c> runs: the first appliances, what later ones are like, and the control plane.</summary>
public sealed record SimulatorOptions
{
    /// <summary>The appliances started with the process (none is fine: create them with POST /appliances).</summary>
    public required IReadOnlyList<ApplianceOptions> Appliances { get; init; }

    /// <summary>What appliances created on the control plane are like (credentials, limits, timeouts); name, URL and version are theirs.</summary>
    public ApplianceOptions Template { get; init; } = new()
    {
        Name = Defaults.NamePrefix + "template",
        Url = new Uri("https://127.0.0.1:0"),
        Version = Defaults.TargetVersion,
    };

    /// <summary>The control plane's URL; loopback unless a control token is set; port 0 picks a free one.</summary>
    public Uri ControlUrl { get; init; } = new(Defaults.ControlUrl);

    /// <summary>The ports POST /appliances (and --appliances) draw from, on all interfaces; null: free loopback ports.</summary>
    public PortRange? AppliancePorts { get; init; }

    /// <summary>The host name callers reach the appliances and control plane by (--advertise), shown in their URLs; null: the bound address.</summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>A test CA profile each first appliance is provisioned with at start, before /health/ready says Ready (--provision); null: none.</summary>
    public string? ProvisionProfile { get; init; }

    /// <summary>Bearer token every control call must present; required when the control plane binds a non-loopback address.</summary>
    public string? ControlToken { get; init; }

    /// <summary>Folder holding the test CA and a subfolder per appliance created on the control plane (null: in memory).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>A test CA root certificate and key to use instead of making one.</summary>
    public string? CaCertPath { get; init; }

    /// <summary>The private key of <see cref="CaCertPath"/>.</summary>
    public string? CaKeyPath { get; init; }

    /// <summary>Lets GET /pki/root-key.pem hand out the test CA's root key (default: refused with 403).</summary>
    public bool ExposeCaKey { get; init; }

    /// <summary>How many RSA keys are made ahead, in the background, for GenerateCSR and new appliances.</summary>
    public int KeyPoolSize { get; init; } = 2;
}
