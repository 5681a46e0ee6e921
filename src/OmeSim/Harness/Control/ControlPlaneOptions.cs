namespace OmeSim.Harness.Control;

/// <summary>The control plane's own settings.</summary>
public sealed record ControlPlaneOptions
{
    /// <summary>Where it listens; loopback unless a control token is set; port 0 picks a free one.</summary>
    public required Uri Url { get; init; }

    /// <summary>Bearer token every control call must present; null: none (loopback only).</summary>
    public string? Token { get; init; }

    /// <summary>
    /// Host names callers reach it by besides those it listens on (the advertised name of <c>serve</c>): without a token,
    /// a Host header must name one of those or of these.
    /// </summary>
    public IReadOnlyList<string> AdvertisedHosts { get; init; } = [];

    /// <summary>Lets GET /pki/root-key.pem hand out the test CA's root key (default: refused with 403).</summary>
    public bool ExposeCaKey { get; init; }
}
