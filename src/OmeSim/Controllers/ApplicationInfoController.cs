using Microsoft.AspNetCore.Mvc;
using OmeSim.Contracts;
using OmeSim.Core.Appliances;
using OmeSim.Http;

namespace OmeSim.Controllers;

[Route("api/ApplicationService")]
public sealed class ApplicationInfoController(Appliance appliance) : ControllerBase
{
    // Serialized once per state: the answer changes only when the state does (a new ApplianceState record).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ApplianceState, byte[]> Answers = [];

    [HttpGetOrHead("Info")]
    public IActionResult Info() =>
        new OmeJsonBytesResult(Answers.GetValue(appliance.State, state => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(InfoBody.From(state), OmeSim.Core.Messages.OmeJson.Options)));
}
