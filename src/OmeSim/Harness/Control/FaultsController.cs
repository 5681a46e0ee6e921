using Microsoft.AspNetCore.Mvc;
using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>Fault rules: make an appliance answer an OME error, a bare status, a delay or a dropped connection, deterministically.</summary>
[ApiController]
[Route("appliances/{name}/faults")]
[Produces("application/json")]
public sealed class FaultsController : ControllerBase
{
    [HttpPost]
    [EndpointSummary("Add a fault rule")]
    [EndpointDescription("""
        Match: Method (null or "*" for any) and Path (case-insensitive, query ignored, a trailing * matches a prefix),
        or Path "migration-handshake" for the migration handshake.
        Answer: MessageId (a registry message with its envelope and status; Status overrides the status), Status alone
        (CGEN1008 with MessageArgs ["Injected fault."]), or Drop (close the connection); DelayMs waits first (alone: then answers normally).
        The rule lets the first Skip matches through, then fires Times times (default 1; null: every time). Rules are tried in the order they were added.
        """)]
    [ProducesResponseType<FaultRuleView>(StatusCodes.Status201Created)]
    [ProducesResponseType<ControlError>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Add([KnownAppliance] HostedAppliance node, [FromBody] FaultRuleSpec? rule)
    {
        if (!ModelState.IsValid || rule is null)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest,
                "The body is not a fault rule: " + ControlBody.Problems(ModelState, typeof(FaultRuleSpec)));
        }
        var (added, error) = node.Faults.Add(rule);
        if (added is null)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest, error!);
        }
        return Created($"/appliances/{node.Name}/faults/{added.Id}", added);
    }

    [HttpGet]
    [EndpointSummary("List the fault rules with their match and hit counts")]
    [ProducesResponseType<IReadOnlyList<FaultRuleView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult List([KnownAppliance] HostedAppliance node) => Ok(node.Faults.List());

    [HttpGet("{id:int}")]
    [EndpointSummary("One fault rule with its counts")]
    [ProducesResponseType<FaultRuleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Get([KnownAppliance] HostedAppliance node, int id)
    {
        return node.Faults.List().FirstOrDefault(r => r.Id == id) is { } rule
            ? Ok(rule)
            : ControlError.Result(StatusCodes.Status404NotFound, $"No fault rule {id} on {node.Name}.");
    }

    [HttpDelete]
    [EndpointSummary("Remove every fault rule")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Clear([KnownAppliance] HostedAppliance node)
    {
        node.Faults.Clear();
        return NoContent();
    }

    [HttpDelete("{id:int}")]
    [EndpointSummary("Remove one fault rule")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Remove([KnownAppliance] HostedAppliance node, int id)
    {
        return node.Faults.Remove(id)
            ? NoContent()
            : ControlError.Result(StatusCodes.Status404NotFound, $"No fault rule {id} on {node.Name}.");
    }
}
