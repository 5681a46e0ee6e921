using Microsoft.AspNetCore.Mvc;

namespace OmeSim.Harness.Control;

[ApiController]
[Route("health")]
public sealed class HealthController(Readiness readiness) : ControllerBase
{
    [HttpGet("live")]
    [EndpointSummary("Liveness: 200 while the process runs (no control token needed)")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult Live() => Ok(new { Status = "Live" });

    [HttpGet("ready")]
    [EndpointSummary("Readiness: 200 once every appliance listens with its state loaded; 503 before, with the reason to a caller with the token")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status503ServiceUnavailable)]
    public IActionResult Ready() =>
        readiness.NotReadyReason() is { } reason
            ? StatusCode(StatusCodes.Status503ServiceUnavailable, HttpContext.Items.ContainsKey(ControlTokenMiddleware.AuthorizedItem)
                ? new { Status = "NotReady", Reason = reason }
                : (object)new { Status = "NotReady" })
            : Ok(new { Status = "Ready" });
}
