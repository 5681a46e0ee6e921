namespace OmeSim.Hosting;

/// <summary>OmeSim's documented defaults, each in one place.</summary>
public static class Defaults
{
    public const string UserName = "admin";

    /// <summary>Holds '#' and '!' on purpose: Ansible masks the password in module output, and a plain word can occur inside Base 64.</summary>
    public const string Password = "OmeSim#2026!";

    public const string SourceName = "source";
    public const string TargetName = "target";
    public const string SourceUrl = "https://127.0.0.1:8443";
    public const string TargetUrl = "https://127.0.0.1:9443";
    public const string ControlUrl = "http://127.0.0.1:8440";
    public const string DataDirectory = "./omesim-data";

    /// <summary>The address an appliance created without one listens on.</summary>
    public const string Address = "127.0.0.1";

    /// <summary>The address an appliance created from a port range listens on: all interfaces, so a Service can forward to it.</summary>
    public const string AnyAddress = "0.0.0.0";

    /// <summary>Names given to appliances created without one: ome-1, ome-2, ...</summary>
    public const string NamePrefix = "ome-";

    /// <summary>The migration path the Dell article covers: 3.10.2 to 4.0.1.</summary>
    public const string SourceVersion = "3.10.2";
    public const string TargetVersion = "4.0.1";
    public const string BuildNumber = "40";

    public const long MaxRequestBodyBytes = 1024 * 1024;
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromSeconds(10);
    public const int JournalSize = 1000;

    /// <summary>Requests in flight when an appliance stops get this long before their connections are cut.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    public static string VersionFor(string name) => name == SourceName ? SourceVersion : TargetVersion;
}
