using OmeSim.Core.Messages;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OmeSim.Core.Appliances;
using OmeSim.Harness;
using OmeSim.Logging;

namespace OmeSim.Hosting;

/// <summary>One running appliance: its model, its application.log and its own HTTPS host.</summary>
public sealed class ApplianceNode : IAsyncDisposable
{
    public ApplianceNode(ApplianceNodeOptions options, RsaKeyPool keys, TimeProvider? hostTime = null)
    {
        Options = options;
        Clock = new ApplianceClock(hostTime ?? TimeProvider.System);
        IApplianceStore store = options.DataDirectory is null ? new InMemoryApplianceStore() : new FileApplianceStore(options.DataDirectory);
        Appliance = new Appliance(
            new ApplianceDefinition(options.Name, HostNameOf(options.Url), options.Version, options.BuildNumber, options.UserName, options.Password, options.SessionLimits),
            store,
            Clock,
            keys);
        Log = new ApplicationLog(options.DataDirectory, Clock);
        Appliance.ServedCertificateChanged += _ =>
        {
            if (IsListening && options.UploadRestartWindow > TimeSpan.Zero)
            {
                Volatile.Write(ref _restartEndsAt, Environment.TickCount64 + (long)options.UploadRestartWindow.TotalMilliseconds);
            }
        };
        Journal = new RequestJournal(options.JournalSize);
        MigrationHook = HandshakeFaultAsync;
    }

    private long _restartEndsAt;

    /// <summary>True within <see cref="ApplianceNodeOptions.UploadRestartWindow"/> after the served certificate changed.</summary>
    public bool IsRestarting => Environment.TickCount64 < Volatile.Read(ref _restartEndsAt);

    public ApplianceNodeOptions Options { get; }
    public Appliance Appliance { get; }
    public ApplianceClock Clock { get; }
    public ApplicationLog Log { get; }

    /// <summary>The requests this appliance answered, for the control plane.</summary>
    public RequestJournal Journal { get; }

    /// <summary>Fault rules the control plane added; none by default.</summary>
    public FaultRules Faults { get; } = new();
    public WebApplication? App { get; private set; }

    /// <summary>The control plane's hook on this appliance's outgoing migration handshake (fault rules); null: none.</summary>
    public OmeSim.Migration.MigrationHandshakeHook? MigrationHook { get; set; }

    /// <summary>The control plane's fault rules on "migration-handshake": a delay, then an injected error; a drop fails like a broken handshake.</summary>
    private async ValueTask<OmeError?> HandshakeFaultAsync(OmeSim.Migration.MigrationHandshake handshake, CancellationToken cancellationToken)
    {
        if (Faults.MatchMigrationHandshake() is not { } action)
        {
            return null;
        }
        if (action.DelayMs > 0)
        {
            await Task.Delay(action.DelayMs, cancellationToken);
        }
        return action.Drop ? OmeError.Of(MessageRegistry.CMIG1001) : action.Error;
    }

    /// <summary>The URL the appliance really listens on (port 0 resolved), once started.</summary>
    public Uri Url { get; private set; } = new("https://127.0.0.1:0");

    public bool IsListening { get; private set; }

    /// <summary>Loads the state and starts the HTTPS host; <paramref name="configure"/> lets tests swap the server.</summary>
    public async Task StartAsync(Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        await Task.Run(Appliance.Load, cancellationToken);
        App = ApplianceHost.Create(this, configure);
        await App.StartAsync(cancellationToken);
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Url = address is null ? Options.Url : new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal));
        IsListening = true;
    }

    /// <summary>Back to factory state: the appliance's own reset (certificate, CSR key, chain, sessions, clock), plus an empty journal, log and fault list.</summary>
    public void Reset()
    {
        Faults.Clear();
        Appliance.Reset();
        Log.Clear();
        Journal.Clear();
        Volatile.Write(ref _restartEndsAt, 0);
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

    public async ValueTask DisposeAsync()
    {
        IsListening = false;
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        Appliance.Dispose();
        Log.Dispose();
    }

    private static string HostNameOf(Uri url) =>
        url.HostNameType == UriHostNameType.Dns ? url.Host : "omesim-" + url.Host.Replace(':', '-').Replace('.', '-').Trim('[', ']', '-');
}
