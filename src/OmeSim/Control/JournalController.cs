using Microsoft.AspNetCore.Mvc;
using OmeSim.Harness;
using OmeSim.Hosting;

namespace OmeSim.Control;

/// <summary>What clients really sent: the request journal and the console log bundle.</summary>
[ApiController]
[Route("appliances/{name}")]
public sealed class JournalController(Simulator simulator) : ControllerBase
{
    [HttpGet("journal")]
    [EndpointSummary("The request journal, oldest first")]
    [EndpointDescription("Each request: time (appliance clock), method, path and query, status, MessageId, how it authenticated (Basic, Token, None), the client certificate's subject and thumbprint, body size, the fault rule that fired. Never a password, token or key.")]
    [Produces("application/json")]
    [ProducesResponseType<IReadOnlyList<JournalEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Get(string name) =>
        simulator.Find(name) is { } node ? Ok(node.Journal.Entries()) : ControlError.UnknownAppliance(simulator, name);

    [HttpDelete("journal")]
    [EndpointSummary("Clear the request journal")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Clear(string name)
    {
        if (simulator.Find(name) is not { } node)
        {
            return ControlError.UnknownAppliance(simulator, name);
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
        simulator.Find(name) is { } node
            ? File(LogBundle.Create(node), LogBundle.ContentType, $"{node.Options.Name}-logs.zip")
            : ControlError.UnknownAppliance(simulator, name);
}
