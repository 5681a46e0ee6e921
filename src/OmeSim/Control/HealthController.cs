using Microsoft.AspNetCore.Mvc;
using OmeSim.Hosting;

namespace OmeSim.Control;

[ApiController]
[Route("health")]
public sealed class HealthController(Simulator simulator) : ControllerBase
{
    /// <summary>200 while the process runs.</summary>
    [HttpGet("live")]
    public IActionResult Live() => Ok(new { Status = "Live" });

    /// <summary>200 once every appliance listens with its state loaded; 503 with the reason before.</summary>
    [HttpGet("ready")]
    public IActionResult Ready() =>
        simulator.NotReadyReason() is { } reason
            ? StatusCode(StatusCodes.Status503ServiceUnavailable, new { Status = "NotReady", Reason = reason })
            : Ok(new { Status = "Ready" });
}
