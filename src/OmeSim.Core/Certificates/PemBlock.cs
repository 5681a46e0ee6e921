namespace OmeSim.Core.Certificates;

/// <summary>One PEM block found in a text: its label and its bytes.</summary>
public sealed record PemBlock(string Label, byte[] Der);
