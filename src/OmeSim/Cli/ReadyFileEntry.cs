namespace OmeSim.Cli;

/// <summary>One appliance in the ready file.</summary>
public sealed record ReadyFileEntry(string Name, string Url, string Version);
