using System.CommandLine;
using System.Runtime.InteropServices;
using OmeSim.Hosting;

namespace OmeSim.Cli;

/// <summary><c>omesim serve</c> (the default command): runs the appliances and the control plane until stopped.</summary>
public static class ServeCommand
{
    private static readonly Option<string[]> ApplianceOption = new("--appliance")
    {
        Description = "An appliance as NAME=https://ADDR:PORT, port 0 for a free one; repeatable "
            + "(default, without --appliances: source=https://127.0.0.1:8443 and target=https://127.0.0.1:9443).",
        AllowMultipleArgumentsPerToken = false,
    };
    private static readonly Option<int?> AppliancesOption = new("--appliances")
    {
        Description = "Start N appliances ome-1 ... ome-N on free loopback ports (0: none; create them with POST /appliances on the control plane).",
    };
    private static readonly Option<string> ReadyFileOption = new("--ready-file")
    {
        Description = "Write this JSON file (atomically) once everything listens: the control URL and each appliance's name, URL and version; "
                + "rewritten as appliances come and go.",
    };
    private static readonly Option<string> ControlOption = new("--control") { Description = $"The control plane's URL, port 0 for a free one "
            + $"(default {Defaults.ControlUrl})." };
    private static readonly Option<string> DataOption = new("--data") { Description = $"Data folder, a subfolder per appliance (default "
            + $"{Defaults.DataDirectory})." };
    private static readonly Option<bool> InMemoryOption = new("--in-memory") { Description = "Keep nothing on disk." };
    private static readonly Option<string> UserOption = new("--user") { Description = $"Local administrator user name (default {Defaults.UserName})." };
    private static readonly Option<string> PasswordOption = new("--password") { Description = $"Local administrator password (default {Defaults.Password})." };
    private static readonly Option<string[]> VersionOption = new("--ome-version")
    {
        Description = $"An appliance's OME version as NAME=VERSION; repeatable (defaults: source={Defaults.SourceVersion}, target={Defaults.TargetVersion}).",
    };
    private static readonly Option<string> CaCertOption = new("--ca-cert") { Description = "Test CA root certificate (PEM) to use instead of making one." };
    private static readonly Option<string> CaKeyOption = new("--ca-key") { Description = "Private key (PEM) of --ca-cert." };
    private static readonly Option<bool> ExposeCaKeyOption = new("--expose-ca-key") { Description = "Let the control plane hand out the test CA's "
            + "root key at /pki/root-key.pem (refused otherwise)." };
    private static readonly Option<string> ControlTokenOption = new("--control-token") { Description = "Bearer token every control call must "
            + "present; required to bind the control plane off loopback." };
    private static readonly Option<string> AdvertiseOption = new("--advertise") { Description = "HOST[:PORT] callers reach the appliances by "
            + "(a Service's DNS name, a published port), shown in their URLs instead of the bound address; PORT needs exactly one appliance." };
    private static readonly Option<string> AppliancePortsOption = new("--appliance-ports") { Description = "FIRST-LAST: the ports POST /appliances "
            + "and --appliances take, on all interfaces, for a Service to declare ahead (default: free loopback ports)." };
    private static readonly Option<string> ProvisionOption = new("--provision") { Description = "Provision every appliance started here with "
            + "this test CA profile (good, inter-ca2, ...) before /health/ready says Ready, as `omesim provision` would." };
    private static readonly Option<double?> RestartWindowOption = new("--upload-restart-window") { Description = "Seconds during which new "
            + "connections are refused after an upload, like OME's web server restart (default 0)." };
    private static readonly Option<double?> MigrationTimeoutOption = new("--migration-timeout") { Description = "Seconds the target waits for the "
            + "source during migration validation (default 10)." };

    public static void AddOptions(Command command)
    {
        foreach (var option in new Option[]
        {
            ApplianceOption, AppliancesOption, ReadyFileOption,
            ControlOption, DataOption, InMemoryOption, UserOption, PasswordOption, VersionOption, CaCertOption,
            CaKeyOption, ExposeCaKeyOption, ControlTokenOption, AdvertiseOption, AppliancePortsOption, ProvisionOption, RestartWindowOption,
            MigrationTimeoutOption,
        })
        {
            command.Options.Add(option);
        }
        command.SetAction(RunAsync);
    }

    public static Command Create()
    {
        var command = new Command("serve", "Run the appliances and the control plane (the default command).");
        AddOptions(command);
        return command;
    }

    internal static ServeSettings Settings(ParseResult result, IConfiguration configuration)
    {
        var settings = configuration.GetSection("OmeSim").Get<ServeSettings>() ?? new ServeSettings();
        if (result.GetValue(ApplianceOption) is { Length: > 0 } appliances)
        {
            settings.Appliance = [.. appliances];
        }
        if (result.GetValue(VersionOption) is { Length: > 0 } versions)
        {
            settings.OmeVersion = [.. versions];
        }
        settings.Appliances = result.GetValue(AppliancesOption) ?? settings.Appliances;
        settings.ReadyFile = result.GetValue(ReadyFileOption) ?? settings.ReadyFile;
        settings.Control = result.GetValue(ControlOption) ?? settings.Control;
        settings.Data = result.GetValue(DataOption) ?? settings.Data;
        settings.InMemory |= result.GetValue(InMemoryOption);
        settings.User = result.GetValue(UserOption) ?? settings.User;
        settings.Password = result.GetValue(PasswordOption) ?? settings.Password;
        settings.CaCert = result.GetValue(CaCertOption) ?? settings.CaCert;
        settings.CaKey = result.GetValue(CaKeyOption) ?? settings.CaKey;
        settings.ExposeCaKey |= result.GetValue(ExposeCaKeyOption);
        settings.ControlToken = result.GetValue(ControlTokenOption) ?? settings.ControlToken;
        settings.Provision = result.GetValue(ProvisionOption) ?? settings.Provision;
        settings.Advertise = result.GetValue(AdvertiseOption) ?? settings.Advertise;
        settings.AppliancePorts = result.GetValue(AppliancePortsOption) ?? settings.AppliancePorts;
        settings.UploadRestartWindowSeconds = result.GetValue(RestartWindowOption) ?? settings.UploadRestartWindowSeconds;
        settings.MigrationTimeoutSeconds = result.GetValue(MigrationTimeoutOption) ?? settings.MigrationTimeoutSeconds;
        return settings;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .Build();
        SimulatorOptions options;
        ServeSettings settings;
        try
        {
            settings = Settings(result, configuration);
            options = settings.ToOptions();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        await using var simulator = new Simulator(options);
        try
        {
            await simulator.StartAsync(cancellationToken);
        }
        catch (FleetException e)
        {
            await Console.Error.WriteLineAsync($"Cannot start: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && HostBuilders.SocketErrorOf(e) is null)
        {
            // A read-only or foreign-owned data folder (a docker volume mounted :ro, say): one line, no stack trace.
            await Console.Error.WriteLineAsync(options.DataDirectory is null
                ? $"Cannot start: {e.Message}"
                : $"Cannot start: the data folder {options.DataDirectory} cannot be written: {e.Message}");
            return 1;
        }
        using var readyFile = settings.ReadyFile is null ? null : new ReadyFile(Path.GetFullPath(settings.ReadyFile), simulator);
        try
        {
            readyFile?.Write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Cannot write the ready file: {e.Message}");
            return 1;
        }
        Console.WriteLine(Banner(simulator));
        // Each WebApplication's console lifetime takes SIGTERM/SIGINT for itself and stops only its own
        // host, so serve would never end on `kill` or `docker stop`: listen for them here too.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopping.Cancel(); });
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    private static string Banner(Simulator simulator)
    {
        var lines = new List<string> { "OmeSim is running: simulated OpenManage Enterprise appliances." };
        lines.AddRange(simulator.Fleet.Running.Select(a => $"  {a.Name,-8} {a.AdvertisedUrl}  OME {a.Options.Version,-7} web console and REST API"));
        var template = simulator.Options.Template;
        lines.Add(template.Password == Defaults.Password
            ? $"  user     {template.UserName} / {Defaults.Password}"
            : $"  user     {template.UserName} (password as given)");
        lines.Add($"  control  {simulator.ControlUrl}  dashboard; its REST API (appliances, reset, clock, faults, journal, test CA): /swagger");
        return string.Join(Environment.NewLine, lines);
    }
}
