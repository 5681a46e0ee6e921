using Microsoft.AspNetCore.Mvc;
using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>What clients really sent: the request journal and the console log bundle.</summary>
[ApiController]
[Route("appliances/{name}")]
public sealed class JournalController(ApplianceFleet fleet) : ControllerBase
{
    [HttpGet("journal")]
    [EndpointSummary("The request journal, oldest first")]
    [EndpointDescription("Each request: time (appliance clock), method, path and query, status, MessageId, how it authenticated (Basic, Token, None), the "
        + "client certificate's subject and thumbprint, body size, the fault rule that fired. Never a password, token or key.")]
    [Produces("application/json")]
    [ProducesResponseType<IReadOnlyList<JournalEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Get(string name) =>
        fleet.Find(name) is { } node ? Ok(node.Journal.Entries()) : ControlError.UnknownAppliance(fleet, name);

    [HttpDelete("journal")]
    [EndpointSummary("Clear the request journal")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Clear(string name)
    {
        if (fleet.Find(name) is not { } node)
        {
            return ControlError.UnknownAppliance(fleet, name);
        }
        node.Journal.Clear();
        return NoContent();
    }

    [HttpGet("logs")]
    [EndpointSummary("The console log bundle")]
    [EndpointDescription("A zip like OME's console log export: tomcat/application.log and journal.json.")]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, LogBundle.ContentType)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Logs(string name) =>
        fleet.Find(name) is { } node
            ? File(LogBundle.Create(node.Log, node.Journal, node.Clock), LogBundle.ContentType, $"{node.Name}-logs.zip")
            : ControlError.UnknownAppliance(fleet, name);
}
