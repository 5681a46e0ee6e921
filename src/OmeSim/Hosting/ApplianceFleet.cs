using System.Net;
using System.Text.RegularExpressions;
using OmeSim.Core.Appliances;

namespace OmeSim.Hosting;

/// <summary>
/// The running appliances of one process: started and stopped one by one, at any time, each on its own host. Starting or
/// stopping one never touches another. Thread-safe.
/// </summary>
public sealed partial class ApplianceFleet : IAsyncDisposable
{
    /// <summary>The rule every appliance name follows, as error messages state it.</summary>
    public const string NameRule = "1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>Ports below this one are privileged (only root binds them): POST /appliances takes one only when asked explicitly.</summary>
    public const int PrivilegedPortLimit = 1024;

    private readonly ApplianceOptions _template;
    private readonly string? _dataRoot;
    private readonly RsaKeyPool _keys;
    private readonly TimeProvider? _hostTime;
    private readonly Action<HostedAppliance, WebApplicationBuilder>? _configure;
    private readonly IReadOnlySet<string> _reserved;
    private readonly PortRange? _ports;
    private readonly Lock _gate = new();
    // Every name in use, in the order taken: running appliances, and those starting or stopping (Live false).
    private readonly List<Entry> _entries = [];

    /// <param name="template">What appliances created without more are like (credentials, limits, timeouts); its name, URL and version are replaced.</param>
    /// <param name="dataRoot">Folder holding a subfolder per appliance; null keeps every appliance in memory.</param>
    /// <param name="keys">The RSA key pool every appliance takes its keys from.</param>
    /// <param name="hostTime">The host's clock (tests pass a fake one).</param>
    /// <param name="configure">Applied to each appliance's host builder (tests swap in TestServer).</param>
    /// <param name="reservedNames">Names no appliance may take (other folders under <paramref name="dataRoot"/>).</param>
    /// <param name="ports">The ports appliances created without one draw from, on all interfaces; null: a free loopback port.</param>
    public ApplianceFleet(ApplianceOptions template, string? dataRoot, RsaKeyPool keys, TimeProvider? hostTime = null,
        Action<HostedAppliance, WebApplicationBuilder>? configure = null, IEnumerable<string>? reservedNames = null, PortRange? ports = null)
    {
        _ports = ports;
        _reserved = new HashSet<string>(reservedNames ?? [], StringComparer.OrdinalIgnoreCase);
        _template = template;
        _dataRoot = dataRoot;
        _keys = keys;
        _hostTime = hostTime;
        _configure = configure;
    }

    /// <summary>Raised after an appliance started listening or was stopped.</summary>
    public event Action? Changed;

    /// <summary>The appliances that listen now, in the order they were started.</summary>
    public IReadOnlyList<HostedAppliance> Running
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Where(e => e.Live).Select(e => e.Appliance!)];
            }
        }
    }

    /// <summary>Every name in use, starting and stopping ones included, for error messages.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Select(e => e.Name)];
            }
        }
    }

    /// <summary>The running appliance named <paramref name="name"/> (case-insensitive), or null.</summary>
    public HostedAppliance? Find(string name)
    {
        lock (_gate)
        {
            return _entries.FirstOrDefault(e => e.Live && Same(e.Name, name))?.Appliance;
        }
    }

    /// <summary>
    /// Starts an appliance from parts that may be missing: a free name (ome-1, ome-2, ...), the default version, loopback,
    /// a free port (with a port range: all interfaces, the range's first free port). Returns once it listens with its state
    /// loaded. Its data folder is the fleet's, under its name.
    /// </summary>
    /// <param name="name">Its name; null: a free ome-N.</param>
    /// <param name="version">Its OME version; null: the default.</param>
    /// <param name="address">Its IP address (or localhost); null: loopback, or all interfaces with a port range.</param>
    /// <param name="port">Its port; null or 0: a free one (from the range, with one; a port given must be in it).</param>
    /// <param name="privilegedPort">Allows a port below 1024, which only root can bind: it must be asked for.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="FleetException">A bad part, a taken name or an unavailable port.</exception>
    public Task<HostedAppliance> CreateAsync(string? name, string? version, string? address, int? port, bool privilegedPort = false,
        CancellationToken cancellationToken = default)
    {
        version ??= Defaults.TargetVersion;
        address ??= _ports is null ? Defaults.Address : Defaults.AnyAddress;
        if (name is not null)
        {
            CheckName(name);
        }
        if (!VersionText.IsPlain(version))
        {
            throw new FleetException(FleetRefusal.Invalid, $"Version '{version}' is not {VersionText.Rule}.");
        }
        IPAddress? ip = null;
        if (address != "localhost" && !IPAddress.TryParse(address, out ip))
        {
            throw new FleetException(FleetRefusal.Invalid, $"Address '{address}' is not an IP address (or localhost).");
        }
        if (ip is { IsIPv4MappedToIPv6: true })
        {
            throw new FleetException(FleetRefusal.Invalid, $"Address '{address}' is an IPv4 address written as IPv6; write it as {ip.MapToIPv4()}.");
        }
        if (port is < 0 or > 65535)
        {
            throw new FleetException(FleetRefusal.Invalid, $"Port {port} is not a port: 0 (a free one) to 65535.");
        }
        if (port is > 0 and < PrivilegedPortLimit && !privilegedPort)
        {
            throw new FleetException(FleetRefusal.Invalid, $"Port {port} is below {PrivilegedPortLimit}, a privileged port; ask for it with "
                + "\"PrivilegedPort\":true, or take a port of 1024 or more (0: a free one).");
        }
        if (_ports is not null && port is > 0 && !_ports.Contains(port.Value))
        {
            throw new FleetException(FleetRefusal.Invalid, $"Port {port} is outside the appliance ports {_ports} (--appliance-ports); take one of "
                + "them, or leave Port out for the first free one.");
        }
        var host = ip?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : address;
        Func<string, ApplianceOptions> At(int p) => n => _template with
        {
            Name = n,
            Url = new Uri($"https://{host}:{p}"),
            Version = version,
            DataDirectory = _dataRoot is null ? null : Path.Combine(_dataRoot, n),
        };
        return _ports is not null && port is null or 0
            ? StartInRangeAsync(_ports, name, At, cancellationToken)
            : StartAsync(name, At(port ?? 0), nothingServedYet: false, listenAfter: null, cancellationToken);
    }

    // The range's ports in order, skipping those the fleet holds and those another process holds (found by binding).
    private async Task<HostedAppliance> StartInRangeAsync(PortRange ports, string? name, Func<int, Func<string, ApplianceOptions>> at,
        CancellationToken cancellationToken)
    {
        var heldElsewhere = new HashSet<int>();
        for (var attempt = 0; attempt < ports.Count; attempt++)
        {
            int? free;
            lock (_gate)
            {
                free = Enumerable.Range(ports.First, ports.Count).Cast<int?>()
                    .FirstOrDefault(p => !heldElsewhere.Contains(p!.Value) && !_entries.Any(e => e.Port == p));
            }
            if (free is not { } port)
            {
                break;
            }
            try
            {
                return await StartAsync(name, at(port), nothingServedYet: false, listenAfter: null, cancellationToken);
            }
            catch (FleetException e) when (e.Refusal == FleetRefusal.PortUnavailable)
            {
                heldElsewhere.Add(port);
            }
        }
        throw new FleetException(FleetRefusal.PortsExhausted, $"Every appliance port of {ports} (--appliance-ports) is taken ({ports.Count} ports); "
            + "delete an appliance first (DELETE /appliances/NAME), or start serve with a wider range.");
    }

    /// <summary>Starts an appliance exactly as <paramref name="options"/> say (serve's own appliances).</summary>
    /// <param name="options">The appliance.</param>
    /// <param name="nothingServedYet">The process is starting: keys for factory states are made at normal priority.</param>
    /// <param name="listenAfter">
    /// Its state is loaded and its host built at once, its port bound once this completes (see <see cref="HostedAppliance.StartAsync"/>).
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="FleetException">A taken name or an unavailable port.</exception>
    public async Task<HostedAppliance> StartAsync(ApplianceOptions options, bool nothingServedYet = false, Task? listenAfter = null,
        CancellationToken cancellationToken = default)
    {
        CheckName(options.Name);
        return await StartAsync(options.Name, _ => options, nothingServedYet, listenAfter, cancellationToken);
    }

    /// <summary>
    /// Stops an appliance: its port closes at once for new connections, requests in flight get its stop grace, then its
    /// data folder is removed unless <paramref name="keepData"/>. False when no appliance has that name.
    /// </summary>
    public async Task<bool> DeleteAsync(string name, bool keepData)
    {
        Entry? entry;
        lock (_gate)
        {
            entry = _entries.FirstOrDefault(e => e.Live && Same(e.Name, name));
            if (entry is null)
            {
                return false;
            }
            // The name stays taken until the port is closed and the folder gone, so a new appliance cannot meet the old one's files.
            entry.Live = false;
        }
        var appliance = entry.Appliance!;
        try
        {
            await appliance.DisposeAsync();
            if (!keepData && appliance.Options.DataDirectory is { } folder && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        finally
        {
            Remove(entry);
        }
        Changed?.Invoke();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        List<Entry> live;
        lock (_gate)
        {
            live = [.. _entries.Where(e => e.Live)];
            live.ForEach(e => e.Live = false);
        }
        await Task.WhenAll(live.Select(e => e.Appliance!.DisposeAsync().AsTask()));
        lock (_gate)
        {
            _entries.RemoveAll(live.Contains);
        }
    }

    private async Task<HostedAppliance> StartAsync(string? name, Func<string, ApplianceOptions> optionsFor, bool nothingServedYet, Task? listenAfter,
        CancellationToken cancellationToken)
    {
        var entry = Reserve(name);
        HostedAppliance? appliance = null;
        var options = optionsFor(entry.Name);
        try
        {
            ClaimPort(entry, options.Url.Port);
        }
        catch
        {
            Remove(entry);
            throw;
        }
        // A start that fails leaves no folder behind that it made: the name stays free of files, as if never asked for.
        var newFolder = options.DataDirectory is { } folder && !Directory.Exists(folder) ? folder : null;
        try
        {
            appliance = new HostedAppliance(options, _keys, _hostTime);
            entry.Appliance = appliance;
            await appliance.StartAsync(_configure is null ? null : b => _configure(appliance, b), nothingServedYet, listenAfter, cancellationToken);
        }
        catch (Exception e)
        {
            Remove(entry);
            if (appliance is not null)
            {
                await appliance.DisposeAsync();
            }
            if (newFolder is not null && Directory.Exists(newFolder))
            {
                Directory.Delete(newFolder, recursive: true);
            }
            if (Refusal(entry.Name, options, e) is { } refusal)
            {
                throw refusal;
            }
            throw;
        }
        lock (_gate)
        {
            entry.Live = true;
        }
        Changed?.Invoke();
        return appliance;
    }

    /// <summary>What a failed start means for the caller, in one line; null for a fault of OmeSim's own.</summary>
    private static FleetException? Refusal(string name, ApplianceOptions options, Exception e)
    {
        if (e is InvalidDataException stored)
        {
            return new FleetException(FleetRefusal.CorruptState, $"Appliance {name} cannot load its saved state: {stored.Message}", e);
        }
        if (HostBuilders.IsPortTaken(e))
        {
            return new FleetException(FleetRefusal.PortUnavailable, $"Appliance {name} cannot listen on {options.Url}: the port is in use or not "
                + $"allowed; pick another, or 0 for a free one (--appliance {name}=https://{options.Url.Host}:0).", e);
        }
        return HostBuilders.SocketErrorOf(e) is { } error
            ? new FleetException(FleetRefusal.Invalid, $"Appliance {name} cannot listen on {options.Url}: {options.Url.Host} is not an address of "
                + $"this machine that it can bind ({error}).", e)
            : null;
    }

    private static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new FleetException(FleetRefusal.Invalid, $"Name '{name}' is not a name: {NameRule}.");
        }
    }

    private Entry Reserve(string? name)
    {
        lock (_gate)
        {
            if (name is null)
            {
                var n = 1;
                while (_entries.Any(e => Same(e.Name, Defaults.NamePrefix + n)) || _reserved.Contains(Defaults.NamePrefix + n))
                {
                    n++;
                }
                name = Defaults.NamePrefix + n;
            }
            else if (_reserved.Contains(name))
            {
                throw new FleetException(FleetRefusal.Invalid, $"The name '{name}' is reserved.");
            }
            else if (_entries.Any(e => Same(e.Name, name)))
            {
                throw new FleetException(FleetRefusal.NameTaken, $"An appliance named '{name}' exists already.");
            }
            var entry = new Entry(name);
            _entries.Add(entry);
            return entry;
        }
    }

    // Two appliances of the fleet never try one port of the range at once: the second would meet the first's bind.
    private void ClaimPort(Entry entry, int port)
    {
        if (_ports is null || !_ports.Contains(port))
        {
            return;
        }
        lock (_gate)
        {
            if (_entries.FirstOrDefault(e => e.Port == port) is { } holder)
            {
                throw new FleetException(FleetRefusal.PortUnavailable, $"Appliance {entry.Name} cannot listen on port {port}: appliance {holder.Name} "
                    + "holds it; pick another, or leave Port out for the first free one.");
            }
            entry.Port = port;
        }
    }

    private void Remove(Entry entry)
    {
        lock (_gate)
        {
            _entries.Remove(entry);
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    // Names become folder names: no separators, no dot-only names; \z, since $ would let a final newline through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\z")]
    private static partial Regex NamePattern();

    private sealed class Entry(string name)
    {
        public string Name { get; } = name;
        public HostedAppliance? Appliance { get; set; }
        public bool Live { get; set; }

        /// <summary>Its port in the fleet's range, claimed before it binds; null outside the range.</summary>
        public int? Port { get; set; }
    }
}
