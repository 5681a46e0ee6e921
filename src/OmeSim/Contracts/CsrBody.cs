using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using OmeSim.Core.Appliances;
using OmeSim.Core.Certificates;
using OmeSim.Core.Messages;

namespace OmeSim.Contracts;

/// <summary>GenerateCSR's answer: the CSR in OME's one-line PEM.</summary>
public sealed record CsrBody(string CertificateData);
