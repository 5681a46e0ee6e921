using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using OmeSim.Core.Pki;
using OmeSim.Hosting;
using OmeSim.Http;

namespace OmeSim.Harness.Control;

/// <summary>The test CA on tap: its certificates, signing CSRs by profile, and provisioning an appliance in one call.</summary>
[ApiController]
public sealed class PkiController(TestCaSource testCa, ControlPlaneOptions options) : ControllerBase
{
    public const string PemContentType = "application/x-pem-file";

    [HttpGet("pki/root.pem")]
    [EndpointSummary("The test CA's root certificate (PEM)")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, PemContentType)]
    public IActionResult Root() => Pem(testCa.Ca.RootPem);

    [HttpGet("pki/intermediates.pem")]
    [EndpointSummary("The test CA's intermediates, Inter-CA1 then Inter-CA2 (PEM)")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, PemContentType)]
    public IActionResult Intermediates() => Pem(testCa.Ca.IntermediatesPem);

    [HttpGet("pki/root-key.pem")]
    [EndpointSummary("The test CA's root private key (PEM), only when serve runs with --expose-ca-key")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, PemContentType)]
    [ProducesResponseType<ControlError>(StatusCodes.Status403Forbidden)]
    public IActionResult RootKey() =>
        options.ExposeCaKey
            ? Pem(testCa.Ca.RootKeyPem)
            : ControlError.Result(StatusCodes.Status403Forbidden, "The test CA's key is handed out only when serve runs with --expose-ca-key.");

    [HttpGet("pki/profiles")]
    [EndpointSummary("The signing profiles")]
    [Produces("application/json")]
    [ProducesResponseType<IReadOnlyList<string>>(StatusCodes.Status200OK)]
    public IActionResult Profiles() => Ok(TestCa.Profiles);

    [HttpPost("pki/sign")]
    [PemBody]
    [EndpointSummary("Sign a CSR with a profile")]
    [EndpointDescription("Body: the CSR as PEM (OME's one-line form is fine). Answers the chain as PEM, leaf first, root last when the profile keeps it. The "
        + "profiles: GET /pki/profiles.")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, PemContentType)]
    [ProducesResponseType<ControlError>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Sign([FromQuery] string? profile)
    {
        if (UnknownProfile(profile) is { } unknown)
        {
            return unknown;
        }
        var (csr, error) = await ControlBody.ReadTextAsync(Request);
        if (error is not null)
        {
            return error;
        }
        try
        {
            var chain = await Task.Run(() => testCa.Ca.Sign(csr!, profile!));
            return Pem(chain.ToPem());
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest, "The body is not a certificate signing request (PEM, standard or OME's "
                    + "one-line form): " + e.Message);
        }
    }

    [HttpPost("appliances/{name}/provision")]
    [EndpointSummary("GenerateCSR, sign with a profile and UploadCertChain, in one call")]
    [EndpointDescription("200 with the served certificate's summary. For a profile the upload rejects, the appliance's own error answer (OME envelope and "
        + "status), unchanged, and its application.log line.")]
    [ProducesResponseType<ServedCertificateSummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<Core.Messages.OmeErrorEnvelope>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Provision([KnownAppliance] HostedAppliance node, [FromQuery] string? profile)
    {
        if (UnknownProfile(profile) is { } unknown)
        {
            return unknown;
        }
        var result = await Task.Run(() => Provisioning.Provision(node.Appliance, testCa.Ca, profile!));
        if (result.Error is { } rejected)
        {
            return new OmeErrorResult(rejected);
        }
        return Ok(ServedCertificateSummary.From(node.Appliance.Served));
    }

    private static ObjectResult? UnknownProfile(string? profile) =>
        TestCa.ProfileProblem(profile) is { } problem ? ControlError.Result(StatusCodes.Status400BadRequest, problem, TestCa.Profiles) : null;

    private ContentResult Pem(string text) => Content(text, PemContentType);
}
