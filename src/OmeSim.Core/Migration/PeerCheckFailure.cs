using System.Text.Json.Serialization;

namespace OmeSim.Core.Migration;

/// <summary>The check that failed; <see cref="None"/> when the peer passed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PeerCheckFailure>))]
public enum PeerCheckFailure
{
    None,

    /// <summary>The peer presented no certificate.</summary>
    NothingPresented,

    /// <summary>This appliance has no trusted root: still on its factory certificate, or a single certificate and no chain.</summary>
    NoTrustedRoot,

    /// <summary>The peer's path does not build to an own trusted root without error (untrusted, broken, expired, not yet valid).</summary>
    PeerPath,

    /// <summary>The own path does not build without error (for instance expired by the own clock).</summary>
    OwnPath,

    /// <summary>The peer's leaf lacks Server or Client Authentication: each side of a migration is TLS server and client.</summary>
    PeerUsage,

    /// <summary>The two paths differ in length.</summary>
    Length,

    /// <summary>A path is longer than the article's limit.</summary>
    Depth,

    /// <summary>The certificate-authority names differ at some level.</summary>
    Names,
}
