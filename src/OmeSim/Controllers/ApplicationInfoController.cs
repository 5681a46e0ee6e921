using Microsoft.AspNetCore.Mvc;
using OmeSim.Contracts;
using OmeSim.Core.Appliance;
using OmeSim.Http;

namespace OmeSim.Controllers;

[Route("api/ApplicationService")]
public sealed class ApplicationInfoController(Appliance appliance) : ControllerBase
{
    [HttpGetOrHead("Info")]
    public IActionResult Info() => new OmeJsonResult(InfoBody.From(appliance.State));
}
