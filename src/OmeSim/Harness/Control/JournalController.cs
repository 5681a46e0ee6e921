using Microsoft.AspNetCore.Mvc;
using OmeSim.Core.Messages;
using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>What clients really sent: the request journal and the console log bundle.</summary>
[ApiController]
[Route("appliances/{name}")]
public sealed class JournalController : ControllerBase
{
    [HttpGet("journal")]
    [EndpointSummary("The request journal, oldest first")]
    [EndpointDescription("Each request: time (appliance clock), method, path and query, status, MessageId, how it authenticated (Basic, Token, None), the "
        + "client certificate's subject and thumbprint, body size, the fault rule that fired. Never a password, token or key.")]
    [Produces("application/json")]
    [ProducesResponseType<IReadOnlyList<JournalEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Get([KnownAppliance] HostedAppliance node) => Ok(node.Journal.Entries());

    [HttpDelete("journal")]
    [EndpointSummary("Clear the request journal")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Clear([KnownAppliance] HostedAppliance node)
    {
        node.Journal.Clear();
        return NoContent();
    }

    [HttpGet("logs")]
    [EndpointSummary("The console log bundle")]
    [EndpointDescription("A zip like OME's console log export: tomcat/application.log and journal.json.")]
    [ProducesResponseType<byte[]>(StatusCodes.Status200OK, LogBundle.ContentType)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Logs([KnownAppliance] HostedAppliance node) =>
        File(LogBundle.Create(node.Log, node.Journal, node.Clock), LogBundle.ContentType, $"{node.Name}-logs.zip");

    [HttpGet("journal.har")]
    [EndpointSummary("The request journal as a HAR 1.2 file")]
    [EndpointDescription("The journal's entries (oldest first) for any HAR viewer: method, URL, status, body size; how the call authenticated as a "
        + "masked header, never the credential. OmeSim's fields start with an underscore (_messageId, _faultId, _clientCertificateSubject).")]
    [ProducesResponseType<object>(StatusCodes.Status200OK, HarDocument.ContentType)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Har([KnownAppliance] HostedAppliance node) =>
        Content(HarDocument.Create(node.Options.Name, node.AdvertisedUrl, node.Journal.Entries()).ToJsonString(OmeJson.Options), HarDocument.ContentType);
}
