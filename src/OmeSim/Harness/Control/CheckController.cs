using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using OmeSim.Core.Certificates;

namespace OmeSim.Harness.Control;

/// <summary>The offline check of <c>omesim check</c> as a control route, for the dashboard and for suites.</summary>
[ApiController]
public sealed class CheckController : ControllerBase
{
    [HttpPost("check")]
    [EndpointSummary("Check a certificate or chain as omesim check does")]
    [EndpointDescription("""Body {"Certificate": PEM text or base64 of the file, "Csr": the CSR (optional), "Single": true to judge as """
        + """UploadCertificate}. Answers the report of omesim check --json: per requirement Pass, Fail or NotChecked, the """
        + "upload's answer and the fix.")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ControlError>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Check([FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CheckRequest? body)
    {
        if (!ModelState.IsValid)
        {
            return Bad("The body is not a check request: " + ControlBody.Problems(ModelState, typeof(CheckRequest)));
        }
        if (body?.Certificate is not { Length: > 0 } certificate)
        {
            return Bad("The body needs \"Certificate\": PEM text or base64 of the certificate file.");
        }
        byte[] file;
        if (certificate.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            file = Encoding.UTF8.GetBytes(certificate);
        }
        else
        {
            try
            {
                file = Convert.FromBase64String(certificate);
            }
            catch (FormatException)
            {
                return Bad("\"Certificate\" is neither PEM text nor base64.");
            }
        }
        byte[]? csrKey = null;
        if (body.Csr is { Length: > 0 } csr)
        {
            try
            {
                csrKey = PemText.PublicKeyOfCsr(csr);
            }
            catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
            {
                return Bad("\"Csr\" is not a certificate signing request: " + e.Message);
            }
        }
        var report = await Task.Run(() => ChainCheckReport.Run(
            file, csrKey, body.Single, null, null, TimeProvider.System, body.FileName ?? "(uploaded file)", "(peer file)"));
        return Content(report.ToJson(), "application/json; charset=utf-8");
    }

    private static ObjectResult Bad(string error) => ControlError.Result(StatusCodes.Status400BadRequest, error);
}
