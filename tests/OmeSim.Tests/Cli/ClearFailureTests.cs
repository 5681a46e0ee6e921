using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OmeSim.Tests.Robustness;

namespace OmeSim.Tests.Cli;

/// <summary>
/// A folder that cannot be written ends <c>ca init</c> and <c>serve</c> with one line naming it, exit 1, no stack trace:
/// the real omesim.dll as a child process. A regular file where a parent folder should be stops root too.
/// </summary>
public sealed class ClearFailureTests : IDisposable
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("omesim-clear-failure-").FullName;

    public void Dispose() => Directory.Delete(_directory, true);

    private string Blocked()
    {
        var file = Path.Combine(_directory, "a-file");
        File.WriteAllText(file, "not a folder");
        return Path.Combine(file, "inside");
    }

    [Fact]
    public async Task Ca_init_into_a_folder_it_cannot_make_says_so_in_one_line()
    {
        var folder = Blocked();

        var (exit, output) = await RunAsync("ca", "init", "--out", folder);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Cannot write the test CA to {folder}: ", line);
        Assert.DoesNotContain("Exception", line);
    }

    [Fact]
    public async Task Serve_on_a_data_folder_it_cannot_make_says_so_in_one_line()
    {
        var folder = Blocked();

        var (exit, output) = await RunAsync("serve", "--appliance", "a=https://127.0.0.1:1", "--control", "http://127.0.0.1:1", "--data", folder);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Cannot start: the data folder {folder} cannot be written: ", line);
        Assert.DoesNotContain("Exception", line);
    }

    // Issue 19, item 14 (and issue 20, item 11): with a data folder given, as in the issue; the port, not the folder, is named.
    [Theory]
    [InlineData("control")]
    [InlineData("appliance")]
    [InlineData("both")]
    public async Task Serve_on_a_busy_port_names_the_port_and_suggests_a_free_one_in_one_line(string busy)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        if (busy == "both")
        {
            taken.Stop();
        }
        var control = busy == "appliance" ? "http://127.0.0.1:0" : $"http://127.0.0.1:{port}";
        var appliance = busy == "control" ? "a=https://127.0.0.1:0" : $"a=https://127.0.0.1:{port}";

        var (exit, output) = await RunAsync("serve", "--appliance", appliance, "--control", control, "--data", Path.Combine(_directory, "data"));

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(busy == "control"
            ? $"Cannot start: the control port {port} (http://127.0.0.1:{port}/) is in use or not allowed; pick another, or a free one with "
                + "--control http://127.0.0.1:0."
            : $"Cannot start: Appliance a cannot listen on https://127.0.0.1:{port}/: the port is in use or not allowed; pick another, or 0 for a "
                + "free one (--appliance a=https://127.0.0.1:0).", line);
    }

    // Issue 19, item 6: a saved state cut short (a full disk, a careless copy) stops serve with one line, not a stack trace.
    [Theory]
    [InlineData("settings.json", "is not valid settings JSON (line 1, byte ")]
    [InlineData("server.key", "does not load: ")]
    public async Task Serve_on_a_corrupt_saved_state_names_the_appliance_and_the_file_in_one_line(string file, string words)
    {
        var data = Path.Combine(_directory, "data");
        await using (await ServeProcess.StartAsync(data, "OmeSim#2026!", ExitWithin))
        {
        }
        var path = Directory.GetFiles(Path.Combine(data, "appliance", "state"), file, SearchOption.AllDirectories).Single();
        var text = File.ReadAllText(path);
        File.Delete(path);
        File.WriteAllText(path, text[..40]);

        var (exit, output) = await RunAsync("serve", "--appliance", "appliance=https://127.0.0.1:0", "--control", "http://127.0.0.1:0", "--data", data);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Cannot start: Appliance appliance cannot load its saved state: ", line);
        Assert.Contains(file == "settings.json" ? $"'{path}' " : $"'{Path.Combine(data, "appliance")}'", line, StringComparison.Ordinal);
        Assert.Contains(words, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    // Given CA files are read at start: a wrong one is one line, not a 500 from the first control call that needs the CA.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Serve_with_a_test_ca_that_does_not_load_says_so_in_one_line(bool missing)
    {
        var cert = Path.Combine(_directory, "root.pem");
        var key = Path.Combine(_directory, "root.key");
        if (!missing)
        {
            File.WriteAllText(cert, "not a certificate");
            File.WriteAllText(key, "not a key");
        }

        var (exit, output) = await RunAsync("serve", "--in-memory", "--appliances", "1", "--control", "http://127.0.0.1:0", "--ca-cert", cert, "--ca-key", key);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Cannot start: the test CA of --ca-cert {cert} and --ca-key {key} does not load: ", line);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_ready_file_in_a_missing_folder_says_so_in_one_line()
    {
        var ready = Path.Combine(_directory, "missing", "ready.json");

        var (exit, output) = await RunAsync("serve", "--in-memory", "--appliances", "1", "--control", "http://127.0.0.1:0", "--ready-file", ready);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Cannot write the ready file: ", line);
    }

    [Theory]
    [InlineData("health", "not a url")]
    [InlineData("health", "ftp://127.0.0.1:1")]
    [InlineData("provision", "not a url")]
    public async Task A_control_command_given_no_http_url_says_so_in_one_line(string command, string control)
    {
        var (exit, output) = command == "health"
            ? await RunAsync("health", "--control", control)
            : await RunAsync("provision", "--control", control, "--appliance", "source");

        Assert.Equal(2, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"--control expects the control plane's http://HOST:PORT URL, got '{control}'.", line);
    }

    // A number of seconds out of range ends serve with one line naming the option, not an overflow's stack trace.
    [Theory]
    [InlineData("--migration-timeout", "1e300", "1E+300")]
    [InlineData("--migration-timeout", "nan", "NaN")]
    [InlineData("--upload-restart-window", "-1", "-1")]
    public async Task Serve_with_seconds_out_of_range_names_the_option_in_one_line(string option, string value, string shown)
    {
        var (exit, output) = await RunAsync("serve", "--in-memory", "--appliances", "1", "--control", "http://127.0.0.1:0", option, value);

        Assert.Equal(2, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"{option} expects seconds from 0 to 86400, got {shown}.", line);
    }

    // The appliances load while the control plane starts, and bind only once it listens: a busy control port is still the one
    // line told, over a saved state that does not load too, and a fresh appliance leaves no folder behind.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Serve_on_a_busy_control_port_names_it_whatever_the_appliances_do(bool corruptState)
    {
        var data = Path.Combine(_directory, "data");
        if (corruptState)
        {
            await using (await ServeProcess.StartAsync(data, "OmeSim#2026!", ExitWithin))
            {
            }
            var key = Directory.GetFiles(Path.Combine(data, "appliance", "state"), "server.key", SearchOption.AllDirectories).Single();
            File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\ncut short");
        }
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, output) = await RunAsync("serve", "--appliance", "appliance=https://127.0.0.1:0", "--appliance", "fresh=https://127.0.0.1:0",
            "--control", $"http://127.0.0.1:{port}", "--data", data);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"Cannot start: the control port {port} (http://127.0.0.1:{port}/) is in use or not allowed; pick another, or a free one "
            + "with --control http://127.0.0.1:0.", line);
        Assert.False(Directory.Exists(Path.Combine(data, "fresh")));
        Assert.Equal(corruptState, Directory.Exists(Path.Combine(data, "appliance")));
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "omesim.dll");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitWithin);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, (await output + await error).Replace("\r", ""));
    }
}
