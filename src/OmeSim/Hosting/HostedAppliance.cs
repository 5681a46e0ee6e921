using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OmeSim.Core.Appliances;
using OmeSim.Harness;
using OmeSim.Logging;
using OmeSim.OmeApi.Migration;

namespace OmeSim.Hosting;

/// <summary>
/// One appliance that starts and stops on its own: its parts (the model with its sessions and clock, application.log,
/// request journal, fault rules, restart window) and its own HTTPS host. The host's services get each part separately;
/// only the control plane, which manages appliances, sees this whole.
/// </summary>
public sealed class HostedAppliance : IAsyncDisposable
{
    private WebApplication? _app;
    private int _stopped;

    public HostedAppliance(ApplianceOptions options, RsaKeyPool keys, TimeProvider? hostTime = null)
    {
        Options = options;
        HostTime = hostTime ?? TimeProvider.System;
        Clock = new ApplianceClock(HostTime);
        IApplianceStore store = options.DataDirectory is null ? new InMemoryApplianceStore() : new FileApplianceStore(options.DataDirectory);
        Appliance = new Appliance(
            new ApplianceDefinition(
                options.Name, HostNameOf(options), options.Version, options.BuildNumber, options.UserName, options.Password, options.SessionLimits),
            store,
            Clock,
            keys,
            new RetiredCertificates(HostTime, RetiredCertificateGrace(options)));
        Log = new ApplicationLog(options.DataDirectory, Clock);
        Journal = new RequestJournal(options.JournalSize);
        Restart = new RestartWindow(options.UploadRestartWindow, HostTime);
        Appliance.ServedCertificateChanged += _ =>
        {
            if (IsListening)
            {
                Restart.Begin();
            }
        };
        Appliance.CertificateUploadRejected += error => Log.CertificateUploadError(error.ToJson());
        Appliance.ChainUploadRejected += error => Log.ChainUploadError(error.ToJson());
        Appliance.LoginFailed += Log.LoginFailed;
    }

    public ApplianceOptions Options { get; }
    public string Name => Options.Name;
    public Appliance Appliance { get; }
    public ApplianceClock Clock { get; }

    /// <summary>The host's clock, under the appliance's: timeouts run on it, and the control plane's clock moves never touch it.</summary>
    public TimeProvider HostTime { get; }
    public ApplicationLog Log { get; }

    /// <summary>The requests this appliance answered, for the control plane.</summary>
    public RequestJournal Journal { get; }

    /// <summary>The last migration connection validation this appliance ran as target.</summary>
    public ConnectionValidations Validations { get; } = new();

    /// <summary>Fault rules the control plane added; none by default.</summary>
    public FaultRules Faults { get; } = new();

    /// <summary>New connections refused for a while after an upload, as OME's web server restart does.</summary>
    public RestartWindow Restart { get; }

    /// <summary>True within <see cref="ApplianceOptions.UploadRestartWindow"/> after the served certificate changed.</summary>
    public bool IsRestarting => Restart.IsOpen;

    /// <summary>The URL the appliance really listens on (port 0 resolved), once started.</summary>
    public Uri Url { get; private set; } = new("https://127.0.0.1:0");

    /// <summary>
    /// The URL callers reach it by, as the control plane, ready file, dashboard and banner show it: <see cref="Url"/> with the
    /// advertised host and port (--advertise) in place of those it listens on, where given.
    /// </summary>
    public Uri AdvertisedUrl => Options.AdvertisedHost is null && Options.AdvertisedPort is null
        ? Url
        : new UriBuilder(Url) { Host = Options.AdvertisedHost ?? Url.Host, Port = Options.AdvertisedPort ?? Url.Port }.Uri;

    public bool IsListening { get; private set; }

    /// <summary>Loads the state and starts the HTTPS host; <paramref name="configure"/> lets tests swap the server.</summary>
    /// <param name="configure">Applied to the host's builder last.</param>
    /// <param name="nothingServedYet">The process is starting: a factory key may be made at normal priority.</param>
    /// <param name="listenAfter">
    /// The state is loaded and the host built at once, but the port is bound only once this completes; if it fails or is
    /// cancelled, the start fails with it and nothing was bound.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAsync(Action<WebApplicationBuilder>? configure = null, bool nothingServedYet = false, Task? listenAfter = null,
        CancellationToken cancellationToken = default)
    {
        await Appliance.LoadAsync(nothingServedYet, cancellationToken);
        // Built now, not by the first handshake (bench/README.md): a cold X509Chain build costs up to 0.5 s.
        _ = Appliance.Served.TlsContext;
        _app = ApplianceHost.Create(this, configure);
        if (listenAfter is not null)
        {
            await listenAfter.WaitAsync(cancellationToken);
        }
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Url = address is null ? Options.Url : new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal));
        IsListening = true;
    }

    /// <summary>
    /// Back to factory state: the appliance's own reset (certificate, CSR key, chain, sessions, clock), plus an empty
    /// journal, log and fault list, and no last migration validation.
    /// </summary>
    public void Reset()
    {
        Faults.Clear();
        Appliance.Reset();
        Log.Clear();
        Journal.Clear();
        Validations.Clear();
        Restart.End();
    }

    /// <summary>
    /// The control plane's clock setting: an absolute time, or an offset from the host's clock, or neither (back to the
    /// host's clock); <paramref name="frozen"/> then stops it at that reading.
    /// </summary>
    /// <exception cref="ArgumentException">Both a time and an offset, or an offset that is not a finite number.</exception>
    public void SetClock(DateTimeOffset? now, double? offsetSeconds, bool frozen)
    {
        if (now is null && offsetSeconds is null)
        {
            Clock.Reset();
        }
        Clock.Set(now, offsetSeconds, frozen);
    }

    /// <summary>
    /// Closes the port: new connections are refused at once, requests in flight get <see cref="ApplianceOptions.StopGrace"/>
    /// to finish, then their connections are cut. Then the state and log are closed. Safe to call twice.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        IsListening = false;
        if (_app is not null)
        {
            using var grace = new CancellationTokenSource(Options.StopGrace);
            await _app.StopAsync(grace.Token);
            await _app.DisposeAsync();
        }
        Appliance.Dispose();
        Log.Dispose();
    }

    /// <summary>A minute more than a served certificate may be held: a busy machine runs what follows a timeout late.</summary>
    private static readonly TimeSpan RetiredCertificateMargin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a replaced served certificate is kept before it is disposed: longer than the longest hold of one, a handshake or
    /// a migration validation (the target presents its own chain and checks the source's until the migration timeout).
    /// </summary>
    private static TimeSpan RetiredCertificateGrace(ApplianceOptions options) =>
        options.MigrationTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan
        : options.MigrationTimeout > ApplianceTls.HandshakeTimeout ? options.MigrationTimeout + RetiredCertificateMargin
        : ApplianceTls.HandshakeTimeout + RetiredCertificateMargin;

    // An advertised DNS name (a Kubernetes Service's, say) is the host name its certificates carry; localhost names no one host.
    private static string HostNameOf(ApplianceOptions options) =>
        options.AdvertisedHost is { } advertised && Uri.CheckHostName(advertised) == UriHostNameType.Dns
            && !advertised.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? advertised
            : OwnHostNameOf(options);

    private const int MaxLabel = 63;

    /// <summary>
    /// The URL's DNS name; for an address or localhost, one of the appliance's own (omesim-source), so that two appliances on
    /// one address still get leaves with different CNs.
    /// </summary>
    private static string OwnHostNameOf(ApplianceOptions options)
    {
        var url = options.Url;
        if (url.HostNameType == UriHostNameType.Dns && !url.IsLoopback)
        {
            return url.Host;
        }
        var label = new string(options.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        var host = ("omesim-" + label).TrimEnd('-');
        return host.Length <= MaxLabel ? host : host[..MaxLabel].TrimEnd('-');
    }
}
