using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace OmeSim.Tests.Robustness;

/// <summary>
/// <c>omesim serve</c> as a real child process: the omesim.dll that the project reference copies beside the test assembly,
/// run by the same dotnet host, with one appliance and the control plane on port 0, their URLs read off the ready file.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _console = new();

    private Uri? _applianceUrl;
    private Uri? _controlUrl;

    private ServeProcess(Process process, Uri? applianceUrl, Uri? controlUrl)
    {
        _process = process;
        _applianceUrl = applianceUrl;
        _controlUrl = controlUrl;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri ApplianceUrl => _applianceUrl ?? throw new InvalidOperationException("Started without a known appliance URL.");
    public Uri ControlUrl => _controlUrl ?? throw new InvalidOperationException("Started without a known control URL.");
    public bool HasExited => _process.HasExited;
    public int Pid => _process.Id;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Console
    {
        get { lock (_console) { return _console.ToString(); } }
    }

    public static async Task<ServeProcess> StartAsync(string dataDirectory, string password, TimeSpan readyWithin)
    {
        var readyFile = Path.Combine(dataDirectory, "..", $"ready-{Guid.NewGuid():N}.json");
        var serve = Launch([
            "--appliance", "appliance=https://127.0.0.1:0", "--control", "http://127.0.0.1:0",
            "--data", dataDirectory, "--password", password, "--ready-file", readyFile,
        ]);
        await serve.WaitReadyAsync(readyFile, readyWithin);
        return serve;
    }

    /// <summary><c>serve</c> with <paramref name="serveArgs"/>, not waiting for anything.</summary>
    public static ServeProcess Launch(IEnumerable<string> serveArgs, Uri? applianceUrl = null, Uri? controlUrl = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "omesim.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references src/OmeSim, whose build puts it there.");
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "serve" }.Concat(serveArgs))
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        return new ServeProcess(process, applianceUrl, controlUrl);
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
        _process.WaitForExit(10_000);
    }

    /// <summary>Its exit code once it exits (its output read to the end) within <paramref name="within"/>; null if it still runs.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends SIGTERM (as a kubelet or `docker stop` does), waits up to <paramref name="within"/>; the exit code, or null if it runs.</summary>
    public async Task<int?> TerminateAsync(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        return await ExitCodeAsync(within);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    // serve writes the ready file once everything listens: its URLs are the ports it bound.
    private async Task WaitReadyAsync(string readyFile, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            while (watch.Elapsed < within)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"serve exited with {_process.ExitCode}:\n{Console}");
                }
                if (File.Exists(readyFile))
                {
                    using var ready = JsonDocument.Parse(await File.ReadAllTextAsync(readyFile));
                    _controlUrl = new Uri(ready.RootElement.GetProperty("Control").GetString()!);
                    _applianceUrl = new Uri(ready.RootElement.GetProperty("Appliances")[0].GetProperty("Url").GetString()!);
                    return;
                }
                await Task.Delay(50);
            }
        }
        finally
        {
            File.Delete(readyFile);
        }
        Kill();
        throw new TimeoutException($"serve was not ready within {within}:\n{Console}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_console)
            {
                _console.AppendLine(line);
            }
        }
    }
}
