using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using OmeSim.Hosting;

namespace OmeSim.Harness.Control;

/// <summary>The appliances: create and delete them, what they serve and trust, their clocks, and reset to factory state.</summary>
[ApiController]
[Produces("application/json")]
public sealed class AppliancesController(ApplianceFleet fleet) : ControllerBase
{
    [HttpGet("appliances")]
    [EndpointSummary("List the appliances")]
    [EndpointDescription("Each appliance's URL (the real port), version, served certificate, pending CSR key, trusted roots, session count and clock.")]
    [ProducesResponseType<IReadOnlyList<ApplianceSummary>>(StatusCodes.Status200OK)]
    public IActionResult List() => Ok(fleet.Running.Select(ApplianceSummary.From).ToList());

    [HttpPost("appliances")]
    [EndpointSummary("Create an appliance")]
    [EndpointDescription("""
        Body (every field optional, the body too): {"Name":"a1","Version":"4.0.1","Address":"127.0.0.1","Port":0}; defaults: a free name ome-N,
        version 4.0.1, 127.0.0.1, a free port; a port below 1024 needs "PrivilegedPort":true. Answers 201 with the appliance's description once it
        listens with its state loaded (a fresh factory state, or the state in its data folder kept by an earlier DELETE ?keep=true). 409 for a taken
        name or port, 400 for a bad one. With serve --appliance-ports FIRST-LAST: all interfaces and the range's first free port by default, a Port
        must be in the range, and 503 when every port of it is taken.
        """)]
    [ProducesResponseType<ApplianceSummary>(StatusCodes.Status201Created)]
    [ProducesResponseType<ControlError>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ControlError>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ControlError>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Create([FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CreateApplianceRequest? body)
    {
        if (!ModelState.IsValid)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest,
                "The body is not an appliance: " + ControlBody.Problems(ModelState, typeof(CreateApplianceRequest)));
        }
        body ??= new CreateApplianceRequest();
        try
        {
            var created = await fleet.CreateAsync(body.Name, body.Version, body.Address, body.Port, body.PrivilegedPort,
                HttpContext.RequestAborted);
            return Created($"/appliances/{created.Name}", ApplianceSummary.From(created));
        }
        catch (FleetException e)
        {
            var status = e.Refusal switch
            {
                FleetRefusal.Invalid => StatusCodes.Status400BadRequest,
                FleetRefusal.PortsExhausted => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status409Conflict,
            };
            return ControlError.Result(status, e.Message, e.Refusal == FleetRefusal.NameTaken ? fleet.Names : null);
        }
    }

    [HttpGet("appliances/{name}")]
    [EndpointSummary("One appliance")]
    [ProducesResponseType<ApplianceSummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Get([KnownAppliance] HostedAppliance appliance) => Ok(ApplianceSummary.From(appliance));

    [HttpDelete("appliances/{name}")]
    [EndpointSummary("Delete an appliance")]
    [EndpointDescription("204 once its port is closed: requests in flight get a few seconds to finish, then their connections are cut. Its data folder is "
        + "removed unless ?keep=true (a later POST with the same name starts on it); keep is true or false, anything else answers 400 and deletes "
        + "nothing.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ControlError>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Delete([KnownAppliance] HostedAppliance appliance, [FromQuery] bool keep = false)
    {
        if (!ModelState.IsValid)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest, $"keep is true or false, not '{Request.Query["keep"]}'; nothing was deleted.");
        }
        return await fleet.DeleteAsync(appliance.Name, keep) ? NoContent() : ControlError.UnknownAppliance(fleet, appliance.Name);
    }

    [HttpPost("appliances/{name}/reset")]
    [EndpointSummary("Reset one appliance to factory state")]
    [EndpointDescription("New self-signed certificate, no CSR key, no chain, no trusted root, no sessions, the host's clock, no fault rules, empty journal "
        + "and application.log. The test CA stays.")]
    [ProducesResponseType<ApplianceSummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Reset([KnownAppliance] HostedAppliance appliance)
    {
        await Task.Run(appliance.Reset);
        return Ok(ApplianceSummary.From(appliance));
    }

    [HttpPost("reset")]
    [EndpointSummary("Reset every appliance to factory state")]
    [ProducesResponseType<IReadOnlyList<ApplianceSummary>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> ResetAll()
    {
        var appliances = fleet.Running;
        await Task.Run(() => appliances.ToList().ForEach(a => a.Reset()));
        return Ok(appliances.Select(ApplianceSummary.From).ToList());
    }

    [HttpGet("appliances/{name}/clock")]
    [EndpointSummary("Read an appliance's clock")]
    [ProducesResponseType<ClockView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult GetClock([KnownAppliance] HostedAppliance appliance) => Ok(ClockView.From(appliance.Clock));

    [HttpPut("appliances/{name}/clock")]
    [EndpointSummary("Set an appliance's clock")]
    [EndpointDescription("""
        Body {"Now":"2030-01-01T00:00:00Z"} (absolute), {"OffsetSeconds":86400} (from the host's clock) or {} (back to the host's clock);
        add "Frozen":true to stop it. Certificate validity, session expiry and application.log use it.
        """)]
    [ProducesResponseType<ClockView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult SetClock([KnownAppliance] HostedAppliance appliance, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ClockRequest? body)
    {
        if (!ModelState.IsValid)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest,
                "The body is not a clock setting: " + ControlBody.Problems(ModelState, typeof(ClockRequest)));
        }
        body ??= new ClockRequest();
        try
        {
            appliance.SetClock(body.Now, body.OffsetSeconds, body.Frozen);
        }
        catch (ArgumentException e)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest, e.Message.Split(" (Parameter", 2)[0]);
        }
        return Ok(ClockView.From(appliance.Clock));
    }
}
