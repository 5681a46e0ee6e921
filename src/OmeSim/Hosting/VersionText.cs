namespace OmeSim.Hosting;

/// <summary>The versions an appliance may report.</summary>
public static class VersionText
{
    /// <summary>The rule, as error messages state it.</summary>
    public const string Rule = "a plain a.b.c version such as 4.0.1 (numbers without leading zeros, as OME writes them)";

    /// <summary>
    /// A plain a.b.c version such as 4.0.1: PowerShell's Connect-OMEServer casts Info's Version to System.Version,
    /// and Ansible compares it with LooseVersion. OME never writes 04.00.01, so it is refused, not rewritten: a suite
    /// that asks for it has a typo, and rewriting would hide it.
    /// </summary>
    public static bool IsPlain(string version)
    {
        var parts = version.Split('.');
        return parts.Length == 3 && parts.All(p => p.Length is > 0 and <= 9 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0'));
    }
}
