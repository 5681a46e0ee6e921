namespace OmeSim.Harness.Control;

/// <summary>
/// POST /check: the file an upload would send and, optionally, the CSR it answers. <see cref="Certificate"/> is PEM text,
/// or base64 of the file's bytes (DER, PKCS #7); <see cref="Csr"/> is the appliance's CSR (standard PEM or OME's one-line form).
/// </summary>
public sealed record CheckRequest(string? Certificate, string? Csr = null, bool Single = false, string? FileName = null);
