namespace OmeSim.Hosting;

/// <summary>
/// The ports POST /appliances draws from (serve's --appliance-ports FIRST-LAST), so that a Kubernetes Service or a
/// container can declare them all ahead.
/// </summary>
public sealed record PortRange(int First, int Last)
{
    public int Count => Last - First + 1;

    public bool Contains(int port) => port >= First && port <= Last;

    public override string ToString() => $"{First}-{Last}";

    /// <summary>FIRST-LAST, both ports of 1024 or more, FIRST not above LAST.</summary>
    /// <exception cref="ArgumentException">Anything else, in one line naming the flag.</exception>
    public static PortRange Parse(string text, string flag)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], out var first) && int.TryParse(parts[1], out var last)
            && first is >= ApplianceFleet.PrivilegedPortLimit and <= 65535 && last is >= ApplianceFleet.PrivilegedPortLimit and <= 65535 && first <= last)
        {
            return new PortRange(first, last);
        }
        throw new ArgumentException($"{flag} expects FIRST-LAST, two ports from {ApplianceFleet.PrivilegedPortLimit} to 65535 with FIRST <= LAST "
            + $"(10443-10499, say), got '{text}'.");
    }
}
