using System.Globalization;
using OmeSim.Core.Appliances;
using OmeSim.Core.Sessions;
using OmeSim.Hosting;

namespace OmeSim.Cli;

/// <summary><c>serve</c>'s knobs: defaults here, then appsettings.json and <c>OmeSim__*</c> environment variables, then flags.</summary>
public sealed class ServeSettings
{
    /// <summary>The most appliances --appliances starts (more can be created on the control plane).</summary>
    public const int MaxAppliances = 1000;

    /// <summary>The longest a seconds setting may be: a day, far beyond any test's need and any timer's limit.</summary>
    public const double MaxSeconds = 86_400;

    /// <summary>
    /// Appliances as NAME=https://ADDR:PORT (port 0: a free one); with neither this nor <see cref="Appliances"/>, source and target on their default
    /// ports.
    /// </summary>
    public List<string> Appliance { get; set; } = [];

    /// <summary>How many appliances ome-1 ... ome-N to start on free loopback ports (0: none; create them with POST /appliances).</summary>
    public int? Appliances { get; set; }

    /// <summary>
    /// A file to write, atomically, with every appliance's name, URL and version and the control URL once ready, and again as appliances come and go.
    /// </summary>
    public string? ReadyFile { get; set; }

    /// <summary>The control plane's URL.</summary>
    public string Control { get; set; } = Defaults.ControlUrl;

    /// <summary>Data folder, a subfolder per appliance.</summary>
    public string Data { get; set; } = Defaults.DataDirectory;

    /// <summary>Keep nothing on disk.</summary>
    public bool InMemory { get; set; }

    /// <summary>Local administrator user name on every appliance.</summary>
    public string User { get; set; } = Defaults.UserName;

    /// <summary>Local administrator password on every appliance.</summary>
    public string Password { get; set; } = Defaults.Password;

    /// <summary>Versions as NAME=VERSION (defaults: source 3.10.2, target 4.0.1).</summary>
    public List<string> OmeVersion { get; set; } = [];

    /// <summary>Test CA root certificate (PEM) to use instead of making one.</summary>
    public string? CaCert { get; set; }

    /// <summary>Private key (PEM) of the test CA root.</summary>
    public string? CaKey { get; set; }

    /// <summary>Let the control plane hand out the test CA's root key (GET /pki/root-key.pem).</summary>
    public bool ExposeCaKey { get; set; }

    /// <summary>
    /// HOST[:PORT] callers reach the appliances by (a Service's DNS name, a published port), shown in their URLs instead of the bound
    /// address; a PORT needs exactly one appliance at start.
    /// </summary>
    public string? Advertise { get; set; }

    /// <summary>FIRST-LAST: the ports POST /appliances and --appliances take, on all interfaces (a Service declares them ahead).</summary>
    public string? AppliancePorts { get; set; }

    /// <summary>A test CA profile (good, ...) every appliance started with serve is provisioned with, before it reports ready.</summary>
    public string? Provision { get; set; }

    /// <summary>Bearer token for the control plane; required to bind it off loopback.</summary>
    public string? ControlToken { get; set; }

    /// <summary>Largest request body in bytes (1 MiB).</summary>
    public long MaxBodyBytes { get; set; } = Defaults.MaxRequestBodyBytes;

    /// <summary>Seconds during which new connections are refused after an upload (0: none).</summary>
    public double UploadRestartWindowSeconds { get; set; }

    /// <summary>Seconds the target waits for the source during migration validation.</summary>
    public double MigrationTimeoutSeconds { get; set; } = Defaults.MigrationTimeout.TotalSeconds;

    /// <summary>Requests kept per appliance journal.</summary>
    public int JournalSize { get; set; } = Defaults.JournalSize;

    /// <summary>Most API sessions per appliance.</summary>
    public int MaxSessions { get; set; } = SessionLimits.Default.MaxSessions;

    /// <summary>Idle seconds before an API session expires.</summary>
    public int SessionTimeoutSeconds { get; set; } = (int)SessionLimits.Default.SessionTimeout.TotalSeconds;

    public SimulatorOptions ToOptions()
    {
        if (Appliances is < 0 or > MaxAppliances)
        {
            throw new ArgumentException($"--appliances expects 0 to {MaxAppliances}, got {Appliances}.");
        }
        var ports = AppliancePorts is null ? null : PortRange.Parse(AppliancePorts, "--appliance-ports");
        if (ports is not null && Appliances > ports.Count)
        {
            throw new ArgumentException($"--appliances {Appliances} needs as many ports, and --appliance-ports {ports} has {ports.Count}.");
        }
        var (advertisedHost, advertisedPort) = Advertise is null ? (null, null) : ParseAdvertise(Advertise);
        var urls = Appliance.Count == 0 && Appliances is null
            ? [(Defaults.SourceName, Defaults.SourceUrl), (Defaults.TargetName, Defaults.TargetUrl)]
            : Appliance.Select(a => Split(a, "--appliance")).ToList();
        // With a range, ome-1 ... ome-N take its first ports in order, so a Service's port i is ome-i's.
        urls.AddRange(Enumerable.Range(1, Appliances ?? 0).Select(i => (Defaults.NamePrefix + i,
            ports is null ? $"https://{Defaults.Address}:0" : $"https://{Defaults.AnyAddress}:{ports.First + i - 1}")));
        if (advertisedPort is not null && urls.Count != 1)
        {
            throw new ArgumentException($"--advertise HOST:PORT gives one appliance's port, and {urls.Count} appliances start: give exactly one "
                + "--appliance, or --advertise HOST alone (each appliance then shows its own port).");
        }
        var versions = OmeVersion.Select(v => Split(v, "--ome-version")).ToDictionary(v => v.Name, v => v.Value, StringComparer.OrdinalIgnoreCase);
        var template = new ApplianceOptions
        {
            Name = Defaults.NamePrefix + "template",
            Url = new Uri($"https://{Defaults.Address}:0"),
            Version = Defaults.TargetVersion,
            AdvertisedHost = advertisedHost,
            UserName = User,
            Password = Password,
            MaxRequestBodyBytes = MaxBodyBytes,
            SessionLimits = new SessionLimits(MaxSessions, TimeSpan.FromSeconds(SessionTimeoutSeconds)),
            UploadRestartWindow = Seconds(UploadRestartWindowSeconds, "--upload-restart-window"),
            MigrationTimeout = Seconds(MigrationTimeoutSeconds, "--migration-timeout"),
            JournalSize = JournalSize,
        };
        var appliances = urls.Select(a => template with
        {
            Name = a.Name,
            Url = ParseUrl(a.Value, "https"),
            Version = versions.GetValueOrDefault(a.Name) ?? Defaults.VersionFor(a.Name),
            DataDirectory = InMemory ? null : Path.Combine(Path.GetFullPath(Data), a.Name),
            AdvertisedPort = advertisedPort,
        }).ToList();
        if (appliances.FirstOrDefault(a => !VersionText.IsPlain(a.Version)) is { } badVersion)
        {
            throw new ArgumentException($"--ome-version expects {VersionText.Rule}, got '{badVersion.Version}' for {badVersion.Name}.");
        }
        var unknown = versions.Keys.Except(appliances.Select(a => a.Name), StringComparer.OrdinalIgnoreCase).FirstOrDefault();
        if (unknown is not null)
        {
            throw new ArgumentException($"--ome-version names an appliance that does not exist: {unknown}");
        }
        if (appliances.Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != appliances.Count)
        {
            throw new ArgumentException("--appliance names must be unique.");
        }
        if (LocalAdministrator.Problem(User, Password) is { } credentials)
        {
            throw new ArgumentException(credentials);
        }
        var control = ParseUrl(Control, "http");
        if (!control.IsLoopback && string.IsNullOrEmpty(ControlToken))
        {
            throw new ArgumentException("The control plane binds a non-loopback address only with --control-token.");
        }
        if (Provision is not null && OmeSim.Core.Pki.TestCa.ProfileProblem(Provision) is { } problem)
        {
            throw new ArgumentException($"--provision: {problem}");
        }
        if ((CaCert is null) != (CaKey is null))
        {
            throw new ArgumentException("--ca-cert and --ca-key go together.");
        }
        return new SimulatorOptions
        {
            Appliances = appliances,
            Template = template,
            ControlUrl = control,
            ControlToken = ControlToken,
            AppliancePorts = ports,
            ProvisionProfile = Provision,
            AdvertisedHost = advertisedHost,
            DataDirectory = InMemory ? null : Path.GetFullPath(Data),
            CaCertPath = CaCert,
            CaKeyPath = CaKey,
            ExposeCaKey = ExposeCaKey,
        };
    }

    private static TimeSpan Seconds(double value, string flag) =>
        double.IsFinite(value) && value is >= 0 and <= MaxSeconds
            ? TimeSpan.FromSeconds(value)
            : throw new ArgumentException($"{flag} expects seconds from 0 to {MaxSeconds}, got {value.ToString(CultureInfo.InvariantCulture)}.");

    private static (string Name, string Value) Split(string text, string flag)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
        {
            throw new ArgumentException($"{flag} expects NAME=VALUE, got '{text}'.");
        }
        return (text[..eq].Trim(), text[(eq + 1)..].Trim());
    }

    private static (string Host, int? Port) ParseAdvertise(string text)
    {
        // HOST, HOST:PORT, [IPv6] or [IPv6]:PORT.
        var split = text.StartsWith('[') ? text.IndexOf(']') + 1 : text.IndexOf(':') is var c and >= 0 ? c : text.Length;
        var host = text[..split];
        var rest = text[split..];
        var bare = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        var kind = Uri.CheckHostName(bare);
        var port = 0;
        if ((kind is UriHostNameType.Dns or UriHostNameType.IPv4 && bare == host || kind == UriHostNameType.IPv6 && bare != host)
            && (rest.Length == 0
                || rest[0] == ':' && int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535))
        {
            return (host, rest.Length == 0 ? null : port);
        }
        throw new ArgumentException($"--advertise expects HOST or HOST:PORT (omesim-source, localhost:9443, say), got '{text}'.");
    }

    private static Uri ParseUrl(string text, string scheme)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != scheme)
        {
            throw new ArgumentException($"Expected a {scheme}://ADDR:PORT URL, got '{text}'.");
        }
        return url;
    }
}
