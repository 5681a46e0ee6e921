namespace OmeSim.Core.Migration;

/// <summary>One certificate of a built path; level 1 is the leaf.</summary>
public sealed record PathElement(
    int Level,
    string Subject,
    string Issuer,
    string Thumbprint,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    IReadOnlyList<string> Problems);
