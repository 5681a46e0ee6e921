namespace OmeSim.Hosting;

/// <summary>What an OME version looks like to OmeSim's clients.</summary>
public static class VersionText
{
    /// <summary>
    /// A plain a.b.c version such as 4.0.1: PowerShell's Connect-OMEServer casts Info's Version to System.Version,
    /// and Ansible compares it with LooseVersion.
    /// </summary>
    public static bool IsPlain(string version)
    {
        var parts = version.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length is > 0 and <= 9 && p.All(char.IsAsciiDigit));
    }
}
