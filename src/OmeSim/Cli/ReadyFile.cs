using System.Text.Json;
using OmeSim.Core.Messages;

namespace OmeSim.Cli;

/// <summary>
/// <c>serve --ready-file PATH</c>: where everything listens, for a harness that started <c>serve</c> on free ports. Written
/// atomically (a temporary file renamed over it) once ready and again after each appliance comes or goes; removed at exit.
/// </summary>
public sealed class ReadyFile : IDisposable
{
    private readonly string _path;
    private readonly Simulator _simulator;
    private readonly Lock _gate = new();
    private bool _closed;

    public ReadyFile(string path, Simulator simulator)
    {
        _path = path;
        _simulator = simulator;
        simulator.Fleet.Changed += Rewrite;
    }

    public void Write()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            var content = new ReadyFileContent(
                _simulator.ControlUrl.ToString(),
                [.. _simulator.Fleet.Running.Select(a => new ReadyFileEntry(a.Name, a.AdvertisedUrl.ToString(), a.Options.Version))]);
            var temporary = $"{_path}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(content, OmeJson.Options));
            File.Move(temporary, _path, overwrite: true);
        }
    }

    public void Dispose()
    {
        _simulator.Fleet.Changed -= Rewrite;
        lock (_gate)
        {
            _closed = true;
            try
            {
                File.Delete(_path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Never written (its folder is missing or closed to us), or gone with its folder: nothing is left to remove.
            }
        }
    }

    private void Rewrite()
    {
        try
        {
            Write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Serilog.Log.Warning("Cannot rewrite the ready file {Path}: {Message}", _path, e.Message);
        }
    }
}
