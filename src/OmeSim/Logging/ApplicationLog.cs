using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OmeSim.Core.Messages;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace OmeSim.Logging;

/// <summary>
/// The appliance's Tomcat-style <c>tomcat/application.log</c>, as OME writes it, one physical line per entry:
/// <c>[ERROR] 2024-01-25 11:10:34.735 [ajp-nio-0:0:0:0:0:0:0:1-8009-exec-10] SSLController - message</c>.
/// Time is the appliance's clock, UTC; the thread name cycles <c>exec-1</c> … <c>exec-10</c>.
/// On disk under the data folder, or, without one, the last lines in memory. Thread-safe; every entry is
/// flushed before the call returns.
/// </summary>
/// <remarks>
/// Callers pass finished messages, and must never pass secrets: the log goes into the console's log
/// bundle. As a last guard, PEM private-key blocks are replaced by <see cref="RedactedKey"/>.
/// Serilog writes the file: each entry is formatted here in full (OME's format, the appliance's clock,
/// not Serilog's) and handed over as a single property under the template <c>{Message:l}{NewLine}</c>, so
/// the bytes on disk are exactly the line; the unbuffered file sink flushes each event.
/// </remarks>
public sealed partial class ApplicationLog : IDisposable
{
    /// <summary>Where the log lives under an appliance's data folder.</summary>
    public static readonly string RelativePath = Path.Combine("tomcat", "application.log");

    /// <summary>Lines kept when there is no data folder.</summary>
    public const int DefaultMemoryCapacity = 10_000;

    public const string SslController = "SSLController";
    public const string LoginController = "LoginController";
    public const string RedactedKey = "[private key removed]";

    private const string ThreadPrefix = "ajp-nio-0:0:0:0:0:0:0:1-8009-exec-";
    private const int ThreadCount = 10;

    private readonly TimeProvider _clock;
    private readonly int _memoryCapacity;
    private readonly Queue<string> _memory = new();
    private readonly Lock _gate = new();
    private Logger? _file;
    private int _lastThread;
    private bool _disposed;

    /// <param name="dataDirectory">The appliance's data folder; the log goes to <see cref="RelativePath"/> under it. Null keeps it in memory.</param>
    /// <param name="clock">The appliance's clock (an <c>ApplianceClock</c>): log times follow the appliance's date, not the host's.</param>
    /// <param name="memoryCapacity">Without a data folder, how many of the latest lines are kept.</param>
    public ApplicationLog(string? dataDirectory, TimeProvider clock, int memoryCapacity = DefaultMemoryCapacity)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryCapacity);
        _clock = clock;
        _memoryCapacity = memoryCapacity;
        if (dataDirectory is not null)
        {
            FilePath = Path.GetFullPath(Path.Combine(dataDirectory, RelativePath));
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            _file = OpenFile(FilePath);
        }
    }

    /// <summary>The log file, or null when the log is kept in memory.</summary>
    public string? FilePath { get; }

    public void Error(string logger, string message) => Write("ERROR", LogEventLevel.Error, logger, message);

    public void Warn(string logger, string message) => Write("WARN", LogEventLevel.Warning, logger, message);

    public void Info(string logger, string message) => Write("INFO", LogEventLevel.Information, logger, message);

    /// <summary>A failed chain upload (UploadCertChain), <paramref name="json"/> being the answered body, byte for byte.</summary>
    public void ChainUploadError(string json) =>
        Error(SslController, "uploadNewCertificateChain(): Error uploading certificate chain: " + json);

    /// <summary>A failed single upload (UploadCertificate): OME logs the answered body alone.</summary>
    public void CertificateUploadError(string json) => Error(SslController, json);

    /// <summary>A failed login, as an appliance's audit records it (modelled words): the user name and the origin, never the password.</summary>
    public void LoginFailed(string userName, string? origin, string via) =>
        Warn(LoginController, $"Login failed for user '{userName}' from {origin} ({via}): the user name or password is incorrect.");

    /// <summary>Every line, oldest first, without line ends.</summary>
    public IReadOnlyList<string> Lines()
    {
        var text = ReadAll();
        if (text.Length == 0)
        {
            return [];
        }
        return text.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }

    /// <summary>The whole log as it would go into the log bundle.</summary>
    public string ReadAll()
    {
        lock (_gate)
        {
            if (FilePath is null)
            {
                var text = new StringBuilder();
                foreach (var line in _memory)
                {
                    text.Append(line).Append('\n');
                }
                return text.ToString();
            }
            try
            {
                using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return reader.ReadToEnd();
            }
            catch (FileNotFoundException)
            {
                return "";
            }
        }
    }

    /// <summary>Empties the log and restarts the thread names at <c>exec-1</c>, as after a fresh install.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _memory.Clear();
            _lastThread = 0;
            if (FilePath is not null)
            {
                _file?.Dispose();
                File.WriteAllBytes(FilePath, []);
                _file = OpenFile(FilePath);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _file?.Dispose();
            _file = null;
        }
    }

    private void Write(string level, LogEventLevel serilogLevel, string logger, string message)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(message);
        message = PrivateKeyBlock().Replace(message, RedactedKey);
        message = LineBreak().Replace(message, " ");

        // One lock from clock reading to write: lines land in time order and threads in rotation order.
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _lastThread = _lastThread % ThreadCount + 1;
            var time = OmeTime.Timestamp(_clock.GetUtcNow());
            var line = $"[{level}] {time} [{ThreadPrefix}{_lastThread}] {logger} - {message}";
            if (_file is not null)
            {
                _file.Write(serilogLevel, "{Line}", line);
            }
            else
            {
                if (_memory.Count == _memoryCapacity)
                {
                    _memory.Dequeue();
                }
                _memory.Enqueue(line);
            }
        }
    }

    private static Logger OpenFile(string path) => new LoggerConfiguration()
        .MinimumLevel.Verbose()
        .WriteTo.File(
            path,
            outputTemplate: "{Message:l}{NewLine}",
            formatProvider: CultureInfo.InvariantCulture,
            buffered: false,
            shared: false)
        .CreateLogger();

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\z)",
        RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex LineBreak();
}
