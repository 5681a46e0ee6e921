namespace OmeSim.Cli;

/// <summary>The ready file: the control URL, and each running appliance's name, URL and version.</summary>
public sealed record ReadyFileContent(string Control, IReadOnlyList<ReadyFileEntry> Appliances);
