using System.IO.Compression;
using System.Text;
using System.Text.Json;
using OmeSim.Core.Messages;
using OmeSim.Logging;

namespace OmeSim.Harness;

/// <summary>The console's log export: a zip of <c>tomcat/application.log</c> and the request journal as JSON. Nothing secret goes in.</summary>
public static class LogBundle
{
    public const string ContentType = "application/zip";
    public const string ApplicationLogEntry = "tomcat/application.log";
    public const string JournalEntry = "journal.json";

    public static byte[] Create(ApplicationLog log, RequestJournal journal, TimeProvider clock)
    {
        var time = clock.GetUtcNow();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, ApplicationLogEntry, Encoding.UTF8.GetBytes(log.ReadAll()), time);
            Add(zip, JournalEntry, JsonSerializer.SerializeToUtf8Bytes(journal.Entries(), OmeJson.Options), time);
        }
        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] content, DateTimeOffset time)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        if (time.Year is >= 1980 and <= 2107)
        {
            entry.LastWriteTime = time;
        }
        using var stream = entry.Open();
        stream.Write(content);
    }
}
