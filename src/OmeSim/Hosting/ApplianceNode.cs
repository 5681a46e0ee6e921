using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OmeSim.Core.Appliance;
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
    }

    public ApplianceNodeOptions Options { get; }
    public Appliance Appliance { get; }
    public ApplianceClock Clock { get; }
    public ApplicationLog Log { get; }
    public WebApplication? App { get; private set; }

    /// <summary>The control plane's hook on this appliance's outgoing migration handshake (fault rules); null: none.</summary>
    public OmeSim.Migration.MigrationHandshakeHook? MigrationHook { get; set; }

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
