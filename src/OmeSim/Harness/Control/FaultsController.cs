using Microsoft.AspNetCore.Mvc;
using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>Fault rules: make an appliance answer an OME error, a bare status, a delay or a dropped connection, deterministically.</summary>
[ApiController]
[Route("appliances/{name}/faults")]
[Produces("application/json")]
public sealed class FaultsController(ApplianceFleet fleet) : ControllerBase
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
    public IActionResult Add(string name, [FromBody] FaultRuleSpec? rule)
    {
        if (fleet.Find(name) is not { } node)
        {
            return ControlError.UnknownAppliance(fleet, name);
        }
        if (!ModelState.IsValid || rule is null)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest, "The body is not a fault rule: " + ControlBody.Problems(ModelState));
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
    public IActionResult List(string name) =>
        fleet.Find(name) is { } node ? Ok(node.Faults.List()) : ControlError.UnknownAppliance(fleet, name);

    [HttpGet("{id:int}")]
    [EndpointSummary("One fault rule with its counts")]
    [ProducesResponseType<FaultRuleView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Get(string name, int id)
    {
        if (fleet.Find(name) is not { } node)
        {
            return ControlError.UnknownAppliance(fleet, name);
        }
        return node.Faults.List().FirstOrDefault(r => r.Id == id) is { } rule
            ? Ok(rule)
            : ControlError.Result(StatusCodes.Status404NotFound, $"No fault rule {id} on {node.Name}.");
    }

    [HttpDelete]
    [EndpointSummary("Remove every fault rule")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Clear(string name)
    {
        if (fleet.Find(name) is not { } node)
        {
            return ControlError.UnknownAppliance(fleet, name);
        }
        node.Faults.Clear();
        return NoContent();
    }

    [HttpDelete("{id:int}")]
    [EndpointSummary("Remove one fault rule")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Remove(string name, int id)
    {
        if (fleet.Find(name) is not { } node)
        {
            return ControlError.UnknownAppliance(fleet, name);
        }
        return node.Faults.Remove(id)
            ? NoContent()
            : ControlError.Result(StatusCodes.Status404NotFound, $"No fault rule {id} on {node.Name}.");
    }
}
