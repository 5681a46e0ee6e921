using System.Globalization;

namespace OmeSim.Core.Messages;

/// <summary>The two ways OME writes a time, always in UTC: one formatter each for answers, logs and reports.</summary>
public static class OmeTime
{
    /// <summary><c>2026-06-01 12:00:00.000</c>: session StartTime/LastAccessedTime and application.log lines.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary><c>2026-06-01T12:00:00Z</c> (ISO 8601 to the second): certificate validity and check reports.</summary>
    public static string IsoSeconds(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
