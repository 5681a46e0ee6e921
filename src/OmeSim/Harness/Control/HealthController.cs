using Microsoft.AspNetCore.Mvc;

namespace OmeSim.Harness.Control;

[ApiController]
[Route("health")]
public sealed class HealthController(Readiness readiness) : ControllerBase
{
    [HttpGet("live")]
    [EndpointSummary("Liveness: 200 while the process runs")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public IActionResult Live() => Ok(new { Status = "Live" });

    [HttpGet("ready")]
    [EndpointSummary("Readiness: 200 once every appliance listens with its state loaded; 503 with the reason before")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status503ServiceUnavailable)]
    public IActionResult Ready() =>
        readiness.NotReadyReason() is { } reason
            ? StatusCode(StatusCodes.Status503ServiceUnavailable, new { Status = "NotReady", Reason = reason })
            : Ok(new { Status = "Ready" });
}
