using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;

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
