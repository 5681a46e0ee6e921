namespace OmeSim.BrowserTests.Infrastructure;

/// <summary>What the browser opens: a simulator as <c>serve</c> builds it, every host on a real socket.</summary>
public static class LiveHosts
{
    /// <summary>The appliances' password, which the pages are given.</summary>
    public const string Password = "calvin";

    public static TestHosts Simulator => new() { RealTls = true, RealControl = true, Password = Password };
}
