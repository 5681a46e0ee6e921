using System.Text;
using Microsoft.Extensions.Time.Testing;
using OmeSim.Core.Appliances;
using OmeSim.Core.Messages;
using OmeSim.Logging;

namespace OmeSim.Tests.Logging;

public sealed class ApplicationLogTests : IDisposable
{
    private static readonly DateTimeOffset ArticleTime = new(2024, 1, 25, 11, 10, 34, 735, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "omesim-log-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _host = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ApplianceClock _clock;

    public ApplicationLogTests()
    {
        _clock = new ApplianceClock(_host);
        _clock.Set(ArticleTime, null, frozen: false);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Json => OmeError.Of(MessageRegistry.CSEC9002).ToJson();

    [Fact]
    public void A_failed_chain_upload_is_logged_in_omes_shape_at_the_appliances_time()
    {
        using var log = new ApplicationLog(_directory, _clock);
        for (var i = 0; i < 9; i++)
        {
            log.Info("Other", "filler");
        }

        log.ChainUploadError(Json);

        Assert.Equal(
            "[ERROR] 2024-01-25 11:10:34.735 [ajp-nio-0:0:0:0:0:0:0:1-8009-exec-10] "
                + "SSLController - uploadNewCertificateChain(): Error uploading certificate chain: " + Json,
            log.Lines()[^1]);
    }

    [Fact]
    public void A_failed_single_upload_logs_the_answered_body_alone()
    {
        using var log = new ApplicationLog(null, _clock);

        log.CertificateUploadError(Json);

        Assert.Equal("[ERROR] 2024-01-25 11:10:34.735 [ajp-nio-0:0:0:0:0:0:0:1-8009-exec-1] SSLController - " + Json, log.Lines().Single());
    }

    [Fact]
    public void The_file_holds_exactly_the_lines_as_soon_as_the_call_returns()
    {
        using var log = new ApplicationLog(_directory, _clock);
        var json = """{"error":{"message":"quotes \" back\\slash {0} {Line} é ✓ 🔒"}}""";

        log.CertificateUploadError(json);
        _host.Advance(TimeSpan.FromMilliseconds(1_001));
        log.Warn("SessionController", "second");

        var expected = "[ERROR] 2024-01-25 11:10:34.735 [ajp-nio-0:0:0:0:0:0:0:1-8009-exec-1] SSLController - " + json + "\n"
            + "[WARN] 2024-01-25 11:10:35.736 [ajp-nio-0:0:0:0:0:0:0:1-8009-exec-2] SessionController - second\n";
        Assert.Equal(Path.Combine(_directory, "tomcat", "application.log"), log.FilePath);
        Assert.Equal(Encoding.UTF8.GetBytes(expected), File.ReadAllBytes(log.FilePath!));
        Assert.Equal(expected, log.ReadAll());
    }

    [Fact]
    public void Levels_are_printed_as_error_warn_and_info()
    {
        using var log = new ApplicationLog(null, _clock);

        log.Error("L", "e");
        log.Warn("L", "w");
        log.Info("L", "i");

        Assert.Equal(["[ERROR]", "[WARN]", "[INFO]"], log.Lines().Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public void Thread_names_cycle_from_exec_1_to_exec_10()
    {
        using var log = new ApplicationLog(null, _clock);

        for (var i = 0; i < 12; i++)
        {
            log.Info("L", "m");
        }

        var threads = log.Lines().Select(l => l.Split(' ')[3]).ToArray();
        Assert.Equal("[ajp-nio-0:0:0:0:0:0:0:1-8009-exec-1]", threads[0]);
        Assert.Equal("[ajp-nio-0:0:0:0:0:0:0:1-8009-exec-10]", threads[9]);
        Assert.Equal("[ajp-nio-0:0:0:0:0:0:0:1-8009-exec-1]", threads[10]);
        Assert.Equal("[ajp-nio-0:0:0:0:0:0:0:1-8009-exec-2]", threads[11]);
    }

    [Fact]
    public void A_message_with_line_breaks_stays_on_one_physical_line()
    {
        using var log = new ApplicationLog(_directory, _clock);

        log.Error("L", "one\r\ntwo\nthree\rfour");

        Assert.EndsWith("L - one two three four", log.Lines().Single());
    }

    [Fact]
    public void A_private_key_passed_by_mistake_never_reaches_the_log()
    {
        using var log = new ApplicationLog(_directory, _clock);

        log.Error("L", "key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\n-----END PRIVATE KEY----- done");
        log.Error("L", "-----BEGIN RSA PRIVATE KEY-----\nMIIEvQ cut short");

        var text = File.ReadAllText(log.FilePath!);
        Assert.DoesNotContain("MIIEvQ", text);
        Assert.Contains("L - key: [private key removed] done", text);
    }

    [Fact]
    public void The_in_memory_log_keeps_only_the_latest_lines()
    {
        using var log = new ApplicationLog(null, _clock, memoryCapacity: 3);

        for (var i = 1; i <= 5; i++)
        {
            log.Info("L", "line " + i);
        }

        Assert.Null(log.FilePath);
        Assert.Equal(["line 3", "line 4", "line 5"], log.Lines().Select(l => l[(l.LastIndexOf(" - ", StringComparison.Ordinal) + 3)..]));
    }

    [Fact]
    public void Clear_empties_the_log_and_restarts_thread_names_at_exec_1()
    {
        using var log = new ApplicationLog(_directory, _clock);
        log.Info("L", "before");
        log.Info("L", "before");

        log.Clear();
        log.Info("L", "after");

        Assert.Equal("[INFO] 2024-01-25 11:10:34.735 [ajp-nio-0:0:0:0:0:0:0:1-8009-exec-1] L - after", log.Lines().Single());
    }

    [Fact]
    public void The_log_on_disk_outlives_a_restart_and_grows_on()
    {
        using (var first = new ApplicationLog(_directory, _clock))
        {
            first.Info("L", "first run");
        }

        using var second = new ApplicationLog(_directory, _clock);
        second.Info("L", "second run");

        Assert.Equal(2, second.Lines().Count);
    }

    [Fact]
    public void Concurrent_writers_never_interleave_within_a_line()
    {
        using var log = new ApplicationLog(_directory, _clock);

        Parallel.For(0, 400, i => log.Error(ApplicationLog.SslController, Json));

        var lines = File.ReadAllLines(log.FilePath!);
        Assert.Equal(400, lines.Length);
        Assert.All(lines, l => Assert.EndsWith("SSLController - " + Json, l));
    }
}
