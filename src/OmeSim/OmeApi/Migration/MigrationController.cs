using Microsoft.AspNetCore.Mvc;
using OmeSim.Core.Migration;
using OmeSim.Http;

namespace OmeSim.OmeApi.Migration;

/// <summary>
/// Migration connection validation (modelled): ValidateConnection and the last one's details (ConnectionValidation) on a
/// 4.x target, VerifyPeer on every appliance. Below 4.0 ValidateConnection and ConnectionValidation do not exist:
/// <see cref="OmeRouteMiddleware"/> answers them as unknown URIs.
/// </summary>
[Route("api/MigrationService/Actions")]
public sealed class MigrationController(RequestBodyReader body, MigrationClient client, MigrationPeer peer, ConnectionValidations validations)
    : ControllerBase
{
    [HttpPost("MigrationService.ValidateConnection")]
    public async Task<IActionResult> ValidateConnection()
    {
        var request = await body.ReadJsonAsync<MigrationRequest>(Request);
        if (MigrationRules.Validate(request) is { } error)
        {
            return new OmeErrorResult(error);
        }
        var outcome = await client.ValidateAsync(request, HttpContext.RequestAborted);
        return outcome.Error is { } failed ? new OmeErrorResult(failed) : new OmeJsonResult(outcome.Body!);
    }

    [HttpPost("MigrationService.VerifyPeer")]
    public IActionResult VerifyPeer()
    {
        var presented = PresentedClientChain.Of(HttpContext)?.Certificates ?? [];
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (answer, error) = peer.Verify(presented, address);
        return error is null ? new OmeJsonResult(answer) : new OmeErrorResult(error, answer);
    }

    [HttpGetOrHead("/" + ConnectionValidationBody.ApiPath)]
    public IActionResult ConnectionValidation() => new OmeJsonResult(validations.Last);
}
