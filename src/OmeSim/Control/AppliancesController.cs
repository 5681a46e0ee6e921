using Microsoft.AspNetCore.Mvc;
using OmeSim.Hosting;

namespace OmeSim.Control;

/// <summary>The appliances: what they serve and trust, their clocks, and reset to factory state.</summary>
[ApiController]
[Produces("application/json")]
public sealed class AppliancesController(Simulator simulator) : ControllerBase
{
    [HttpGet("appliances")]
    [EndpointSummary("List the appliances")]
    [EndpointDescription("Each appliance's URL, version, served certificate, pending CSR key, trusted roots, session count and clock.")]
    [ProducesResponseType<IReadOnlyList<ApplianceSummary>>(StatusCodes.Status200OK)]
    public IActionResult List() => Ok(simulator.Appliances.Where(a => a.Appliance.IsLoaded).Select(ApplianceSummary.From).ToList());

    [HttpGet("appliances/{name}")]
    [EndpointSummary("One appliance")]
    [ProducesResponseType<ApplianceSummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult Get(string name) =>
        Loaded(name) is { } node ? Ok(ApplianceSummary.From(node)) : ControlError.UnknownAppliance(simulator, name);

    [HttpPost("appliances/{name}/reset")]
    [EndpointSummary("Reset one appliance to factory state")]
    [EndpointDescription("New self-signed certificate, no CSR key, no chain, no trusted root, no sessions, the host's clock, no fault rules, empty journal and application.log. The test CA stays.")]
    [ProducesResponseType<ApplianceSummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Reset(string name)
    {
        if (Loaded(name) is not { } node)
        {
            return ControlError.UnknownAppliance(simulator, name);
        }
        await Task.Run(node.Reset);
        return Ok(ApplianceSummary.From(node));
    }

    [HttpPost("reset")]
    [EndpointSummary("Reset every appliance to factory state")]
    [ProducesResponseType<IReadOnlyList<ApplianceSummary>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> ResetAll()
    {
        var nodes = simulator.Appliances.Where(a => a.Appliance.IsLoaded).ToList();
        await Task.Run(() => nodes.ForEach(n => n.Reset()));
        return Ok(nodes.Select(ApplianceSummary.From).ToList());
    }

    [HttpGet("appliances/{name}/clock")]
    [EndpointSummary("Read an appliance's clock")]
    [ProducesResponseType<ClockView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult GetClock(string name) =>
        simulator.Find(name) is { } node ? Ok(ClockView.From(node.Clock)) : ControlError.UnknownAppliance(simulator, name);

    [HttpPut("appliances/{name}/clock")]
    [EndpointSummary("Set an appliance's clock")]
    [EndpointDescription("""Body {"Now":"2030-01-01T00:00:00Z"} (absolute), {"OffsetSeconds":86400} (from the host's clock) or {} (back to the host's clock); add "Frozen":true to stop it. Certificate validity, session expiry and application.log use it.""")]
    [ProducesResponseType<ClockView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ControlError>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ControlError>(StatusCodes.Status404NotFound)]
    public IActionResult SetClock(string name, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] ClockRequest? body)
    {
        if (simulator.Find(name) is not { } node)
        {
            return ControlError.UnknownAppliance(simulator, name);
        }
        if (!ModelState.IsValid)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest, "The body is not a clock setting: " + ControlBody.Problems(ModelState));
        }
        body ??= new ClockRequest();
        try
        {
            node.SetClock(body.Now, body.OffsetSeconds, body.Frozen);
        }
        catch (ArgumentException e)
        {
            return ControlError.Result(StatusCodes.Status400BadRequest, e.Message.Split(" (Parameter", 2)[0]);
        }
        return Ok(ClockView.From(node.Clock));
    }

    private ApplianceNode? Loaded(string name) => simulator.Find(name) is { Appliance.IsLoaded: true } node ? node : null;
}
