using System.CommandLine;
using System.Net.Http.Headers;
using OmeSim.Core.Pki;
using OmeSim.Hosting;

namespace OmeSim.Cli;

/// <summary>
/// Small clients of a running OmeSim, for images without curl: <c>health</c> (a Docker HEALTHCHECK),
/// <c>provision</c> (one-shot provisioning over the control plane) and <c>ca init</c> (a shared test CA made once).
/// </summary>
public static class ControlCommands
{
    /// <summary>Where <c>serve</c> also reads the control token from (configuration section OmeSim, key ControlToken).</summary>
    public const string ControlTokenVariable = "OmeSim__ControlToken";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private static Option<string> ControlOption() => new("--control") { Description = $"The control plane's URL (default {Defaults.ControlUrl})." };

    private static Option<string> TokenOption() => new("--control-token") { Description = $"Bearer token of the control plane (default: the "
            + $"{ControlTokenVariable} environment variable)." };

    /// <summary><c>omesim health</c>: exit 0 when the control plane's /health/ready answers 200, else 1.</summary>
    public static Command Health()
    {
        var control = ControlOption();
        var token = TokenOption();
        var command = new Command("health", "Exit 0 when every appliance of a running OmeSim is ready (GET /health/ready on the control plane), else 1.");
        command.Options.Add(control);
        command.Options.Add(token);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (await ClientAsync(result.GetValue(control), result.GetValue(token)) is not { } client)
            {
                return 2;
            }
            using var _ = client;
            try
            {
                using var response = await client.GetAsync("health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return 0;
                }
                await Console.Error.WriteLineAsync($"Not ready: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return 1;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Console.Error.WriteLineAsync($"Not ready: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary><c>omesim provision</c>: waits for readiness, then POST /appliances/{name}/provision?profile=... on the control plane.</summary>
    public static Command Provision()
    {
        var control = ControlOption();
        var token = TokenOption();
        var appliance = new Option<string>("--appliance") { Description = "The appliance to provision.", Required = true };
        var profile = new Option<string>("--profile")
        {
            Description = "The test CA profile to sign with.",
            DefaultValueFactory = _ => TestCa.Good,
        };
        var wait = new Option<double>("--wait")
        {
            Description = "Seconds to wait for the control plane to be ready.",
            DefaultValueFactory = _ => 120,
        };
        var command = new Command("provision", "GenerateCSR, sign with the test CA and UploadCertChain on one appliance of a running OmeSim, "
                + "through its control plane.");
        foreach (var option in new Option[] { control, token, appliance, profile, wait })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (result, cancellationToken) =>
        {
            if (await ClientAsync(result.GetValue(control), result.GetValue(token)) is not { } client)
            {
                return 2;
            }
            using var _ = client;
            var name = result.GetValue(appliance)!;
            if (!await WaitReadyAsync(client, TimeSpan.FromSeconds(result.GetValue(wait)), cancellationToken))
            {
                await Console.Error.WriteLineAsync($"The control plane at {client.BaseAddress} did not become ready.");
                return 1;
            }
            var path = $"appliances/{Uri.EscapeDataString(name)}/provision?profile={Uri.EscapeDataString(result.GetValue(profile)!)}";
            try
            {
                using var response = await client.PostAsync(path, content: null, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                Console.WriteLine($"{name}: {(int)response.StatusCode} {body}");
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"{name}: the control plane at {client.BaseAddress} did not answer: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary><c>omesim ca init --out DIR</c>: makes the test CA in DIR once (kept if already there) for <c>serve --ca-cert/--ca-key</c>.</summary>
    public static Command Ca()
    {
        var output = new Option<string>("--out") { Description = "Folder for the test CA's PEM files.", Required = true };
        var init = new Command("init", $"Make a test CA (root and intermediates, PEM) in a folder, or keep the one there; serve takes --ca-cert "
                + $"DIR/{TestCa.RootCertFile} --ca-key DIR/{TestCa.RootKeyFile}.");
        init.Options.Add(output);
        init.SetAction(result =>
        {
            var directory = Path.GetFullPath(result.GetValue(output)!);
            TestCa ca;
            try
            {
                ca = TestCa.LoadOrCreate(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Cannot write the test CA to {directory}: {e.Message}");
                return 1;
            }
            using var _ = ca;
            Console.WriteLine($"Test CA in {directory}: {TestCa.RootCertFile} (root, {ca.Root.Thumbprint}), {TestCa.RootKeyFile} (its key).");
            return 0;
        });
        var command = new Command("ca", "The test CA.");
        command.Subcommands.Add(init);
        return command;
    }

    /// <summary>A client of the control plane at <paramref name="control"/>; null, once it said why in one line, when that is no http URL.</summary>
    private static async Task<HttpClient?> ClientAsync(string? control, string? token)
    {
        var given = control ?? Defaults.ControlUrl;
        if (!Uri.TryCreate(given.TrimEnd('/') + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"--control expects the control plane's http://HOST:PORT URL, got '{given}'.");
            return null;
        }
        var client = new HttpClient { BaseAddress = url, Timeout = RequestTimeout };
        token ??= Environment.GetEnvironmentVariable(ControlTokenVariable);
        if (!string.IsNullOrEmpty(token))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    private static async Task<bool> WaitReadyAsync(HttpClient client, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                using var response = await client.GetAsync("health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
