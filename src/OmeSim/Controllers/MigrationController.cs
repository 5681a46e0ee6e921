using Microsoft.AspNetCore.Mvc;
using OmeSim.Core.Messages;
using OmeSim.Core.Migration;
using OmeSim.Hosting;
using OmeSim.Http;
using OmeSim.Migration;

namespace OmeSim.Controllers;

/// <summary>Migration connection validation (modelled): ValidateConnection on a 4.x target, VerifyPeer on every appliance.</summary>
[Route("api/MigrationService/Actions")]
public sealed class MigrationController(ApplianceNode node) : ControllerBase
{
    [HttpPost("MigrationService.ValidateConnection")]
    public async Task<IActionResult> ValidateConnection()
    {
        // Below 4.0 the action does not exist: answered exactly as an unknown URI.
        if (!MigrationRules.OffersValidation(node.Appliance.State.Settings.Version))
        {
            return new OmeErrorResult(OmeError.Of(MessageRegistry.CGEN1006));
        }
        var request = await RequestBody.ReadJsonAsync<MigrationRequest>(Request, node.Options.MaxRequestBodyBytes);
        if (MigrationRules.Validate(request) is { } error)
        {
            return new OmeErrorResult(error);
        }
        var outcome = await MigrationClient.ValidateAsync(node, request, HttpContext.RequestAborted);
        return outcome.Error is { } failed ? new OmeErrorResult(failed) : new OmeJsonResult(outcome.Body!);
    }

    /// <summary>Other methods: 405 where the action exists, 404 below 4.0 where it does not, as for any unknown URI.</summary>
    [AcceptVerbs("GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", Route = "MigrationService.ValidateConnection")]
    public IActionResult ValidateConnectionOtherMethods() =>
        new OmeErrorResult(OmeError.Of(MessageRegistry.CGEN1006).WithStatus(MigrationRules.OffersValidation(node.Appliance.State.Settings.Version)
            ? StatusCodes.Status405MethodNotAllowed
            : StatusCodes.Status404NotFound));

    [HttpPost("MigrationService.VerifyPeer")]
    public IActionResult VerifyPeer()
    {
        var presented = PresentedClientChain.Of(HttpContext)?.Certificates ?? [];
        var client = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (body, error) = MigrationPeer.Verify(node, presented, client);
        return error is null ? new OmeJsonResult(body!) : new OmeErrorResult(error);
    }
}
