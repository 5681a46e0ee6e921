using System.Globalization;
using System.Text;
using System.Text.Json;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Appliances;

/// <summary>
/// An appliance's state as files <c>openssl</c> reads, in <c>state/gen-NNNNNN/</c> under the data folder.
/// One change touches several files, so each save writes a whole new generation folder, then atomically
/// replaces <c>state/current</c>, the pointer naming the live generation. A crash at any step leaves the
/// old state or the new one, never half: <see cref="Load"/> reads only what the pointer names and removes
/// the rest. One store per folder (its lock serializes this process only).
/// A file whose bytes a change leaves as they are (GenerateCSR touches only the CSR files) is hard-linked from the live
/// generation instead of written and flushed again; removing the old generation then unlinks only its names. Files are
/// never written in place (always created new), so a shared inode never changes under the generation that links it.
/// </summary>
public sealed class FileApplianceStore : IApplianceStore
{
    public const string ServerKeyFile = "server.key";
    public const string ServerChainFile = "server.pem";
    public const string TrustedRootsFile = "trusted-roots.pem";
    public const string CsrKeyFile = "csr.key";
    public const string CsrFile = "csr.pem";
    public const string SettingsFile = "settings.json";
    public const string PointerFile = "current";

    private const string GenerationPrefix = "gen-";
    private const string TempPointerFile = PointerFile + ".tmp";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Lock _gate = new();
    private readonly string _stateDirectory;
    private readonly Action<string, string>? _beforeRemovingPrevious;
    private long _lastGeneration = -1;

    /// <param name="directory">The appliance's data folder.</param>
    /// <param name="beforeRemovingPrevious">
    /// Called with the old and the new generation's folders after the commit, before the old one is removed: the window a
    /// crash can hit, which a test widens.
    /// </param>
    public FileApplianceStore(string directory, Action<string, string>? beforeRemovingPrevious = null)
    {
        _beforeRemovingPrevious = beforeRemovingPrevious;
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        DataDirectory = Path.GetFullPath(directory);
        _stateDirectory = Path.Combine(DataDirectory, "state");
    }

    public string DataDirectory { get; }

    /// <summary>The folder holding the generations and the pointer.</summary>
    public string StateDirectory => _stateDirectory;

    /// <summary>The folder of the live generation, or null when there is none.</summary>
    public string? CurrentGenerationDirectory
    {
        get
        {
            lock (_gate)
            {
                return ReadPointer() is { } name ? Path.Combine(_stateDirectory, name) : null;
            }
        }
    }

    public ApplianceState? Load()
    {
        lock (_gate)
        {
            if (!Directory.Exists(_stateDirectory))
            {
                return null;
            }
            var current = ReadPointer();
            var state = current is null ? null : ReadGeneration(Path.Combine(_stateDirectory, current));
            RemoveAllBut(current);
            return state;
        }
    }

    public void Save(ApplianceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            Directory.CreateDirectory(_stateDirectory);
            var previous = ReadPointer();
            var name = NextGenerationName();
            var folder = Path.Combine(_stateDirectory, name);

            Directory.CreateDirectory(folder);
            WriteGeneration(folder, previous is null ? null : Path.Combine(_stateDirectory, previous), state);
            DurableFiles.FlushDirectory(folder);
            DurableFiles.FlushDirectory(_stateDirectory);

            var temp = Path.Combine(_stateDirectory, TempPointerFile);
            File.Delete(temp);
            DurableFiles.WriteNew(temp, Utf8.GetBytes(name + "\n"));
            File.Move(temp, Path.Combine(_stateDirectory, PointerFile), overwrite: true);
            DurableFiles.FlushDirectory(_stateDirectory);

            if (previous is not null && previous != name)
            {
                _beforeRemovingPrevious?.Invoke(Path.Combine(_stateDirectory, previous), folder);
                TryDeleteDirectory(Path.Combine(_stateDirectory, previous));
            }
        }
    }

    private string? ReadPointer()
    {
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(_stateDirectory, PointerFile), Utf8).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (ParseGeneration(text) is null)
        {
            throw new InvalidDataException($"The state pointer '{Path.Combine(_stateDirectory, PointerFile)}' names no generation: '{text}'.");
        }
        return text;
    }

    private static ApplianceState ReadGeneration(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InvalidDataException($"The state pointer names '{folder}', which does not exist.");
        }
        var settingsPath = Path.Combine(folder, SettingsFile);
        ApplianceSettings? settings;
        try
        {
            settings = JsonSerializer.Deserialize<ApplianceSettings>(ReadRequired(folder, SettingsFile), OmeJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{settingsPath}' is not valid settings JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).", e);
        }
        if (settings is null)
        {
            throw new InvalidDataException($"'{settingsPath}' holds no settings.");
        }
        return new ApplianceState(
            settings,
            ReadRequired(folder, ServerKeyFile),
            ReadRequired(folder, ServerChainFile),
            ReadOptional(folder, TrustedRootsFile),
            ReadOptional(folder, CsrKeyFile),
            ReadOptional(folder, CsrFile));
    }

    private static string ReadRequired(string folder, string file) =>
        ReadOptional(folder, file) ?? throw new InvalidDataException($"The live state lacks '{Path.Combine(folder, file)}'.");

    private static string? ReadOptional(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path, Utf8) : null;
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"'{path}' is not UTF-8 text.", e);
        }
    }

    private static void WriteGeneration(string folder, string? previous, ApplianceState state)
    {
        Write(folder, previous, SettingsFile, JsonSerializer.Serialize(state.Settings, OmeJson.Options), secret: false);
        Write(folder, previous, ServerKeyFile, state.ServerKeyPem, secret: true);
        Write(folder, previous, ServerChainFile, state.ServerChainPem, secret: false);
        Write(folder, previous, TrustedRootsFile, state.TrustedRootsPem, secret: false);
        Write(folder, previous, CsrKeyFile, state.CsrKeyPem, secret: true);
        Write(folder, previous, CsrFile, state.CsrPem, secret: false);
    }

    private static void Write(string folder, string? previous, string file, string? text, bool secret)
    {
        if (text is null)
        {
            return;
        }
        var bytes = Utf8.GetBytes(text);
        var path = Path.Combine(folder, file);
        if (previous is not null && Holds(Path.Combine(previous, file), bytes, secret) && DurableFiles.TryLink(Path.Combine(previous, file), path))
        {
            return;
        }
        DurableFiles.WriteNew(path, bytes, secret);
    }

    /// <summary>Whether the live generation's file already holds exactly <paramref name="bytes"/> (a key file: readable by its owner only).</summary>
    private static bool Holds(string path, byte[] bytes, bool secret)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length != bytes.Length
                || (secret && !OperatingSystem.IsWindows() && info.UnixFileMode != (UnixFileMode.UserRead | UnixFileMode.UserWrite)))
            {
                return false;
            }
            return File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string NextGenerationName()
    {
        // Numbers never repeat, leftovers of a crash included, so a new generation never lands in an old folder.
        if (_lastGeneration < 0)
        {
            _lastGeneration = Directory.EnumerateDirectories(_stateDirectory)
                .Select(d => ParseGeneration(Path.GetFileName(d)) ?? 0)
                .DefaultIfEmpty(0)
                .Max();
        }
        _lastGeneration++;
        return GenerationPrefix + _lastGeneration.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static long? ParseGeneration(string name) =>
        name.StartsWith(GenerationPrefix, StringComparison.Ordinal)
        && long.TryParse(name.AsSpan(GenerationPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    private void RemoveAllBut(string? current)
    {
        foreach (var folder in Directory.EnumerateDirectories(_stateDirectory))
        {
            var name = Path.GetFileName(folder);
            if (name != current && ParseGeneration(name) is not null)
            {
                TryDeleteDirectory(folder);
            }
        }
        try
        {
            File.Delete(Path.Combine(_stateDirectory, TempPointerFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    // Best effort: a folder that cannot be removed now is garbage the next Load removes.
    private static void TryDeleteDirectory(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
