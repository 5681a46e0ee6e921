namespace OmeSim.OmeApi.Certificates;

/// <summary>GenerateCSR's answer: the CSR in OME's one-line PEM.</summary>
public sealed record CsrBody(string CertificateData);
