using System.Diagnostics;

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
