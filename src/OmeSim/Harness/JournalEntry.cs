namespace OmeSim.Harness;

/// <summary>
/// One request as the appliance saw it. Never holds a password, a token value, a key or a body: only
/// how the caller authenticated and how many body bytes it sent. A TLS handshake that failed is an entry with Method
/// <c>TLS</c>, an empty Path and the reason in <see cref="TlsError"/>.
/// </summary>
public sealed record JournalEntry(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string Path,
    int Status,
    string? MessageId,
    string Auth,
    string? ClientCertificateSubject,
    string? ClientCertificateThumbprint,
    long RequestBodyBytes,
    int? FaultId,
    bool Dropped,
    string? TlsError = null);
