using System.Globalization;

namespace OmeSim.Core.Migration;

/// <summary>The body of ValidateConnection on the target (modelled, docs/migration.md#the-two-actions).</summary>
public sealed record MigrationRequest(string? SourceAddress, int? SourcePort, string? SourceUserName, string? SourcePassword)
{
    /// <summary>The source's HTTPS port when the body gives none: OME's web port.</summary>
    public const int DefaultSourcePort = 443;

    /// <summary>The port to connect to: <see cref="SourcePort"/> or <see cref="DefaultSourcePort"/>.</summary>
    public int Port => SourcePort ?? DefaultSourcePort;

    /// <summary>How the source is named in CGEN1008's MessageArgs and in logs: <c>address:port</c> (IPv6 in brackets, once).</summary>
    public string Endpoint => (SourceAddress?.Contains(':') == true && !SourceAddress.StartsWith('[') ? "[" + SourceAddress + "]" : SourceAddress) + ":"
        + Port.ToString(CultureInfo.InvariantCulture);
}
