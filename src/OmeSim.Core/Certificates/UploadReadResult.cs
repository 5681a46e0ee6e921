using System.Security.Cryptography.X509Certificates;
using OmeSim.Core.Messages;

namespace OmeSim.Core.Certificates;

/// <summary>The certificates of an uploaded file in file order, or why the file is invalid (CSEC9002).</summary>
public sealed record UploadReadResult(IReadOnlyList<X509Certificate2> Certificates, string? Problem)
{
    public bool IsValid => Problem is null;

    /// <summary>OME's answer for an unreadable file: CSEC9002 with no arguments; null when the file was read.</summary>
    public OmeError? Error => IsValid ? null : OmeError.Of(MessageRegistry.CSEC9002);

    internal static UploadReadResult Invalid(string problem) => new([], problem);
}
