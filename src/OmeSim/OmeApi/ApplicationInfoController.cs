using Microsoft.AspNetCore.Mvc;
using OmeSim.Core.Appliances;
using OmeSim.Core.Messages;
using OmeSim.Http;

namespace OmeSim.OmeApi;

[Route("api/ApplicationService")]
public sealed class ApplicationInfoController(Appliance appliance, LastAnswer<ApplianceState> answers) : ControllerBase
{
    // Serialized once per state: the answer changes only when the state does (a new ApplianceState record).
    [HttpGetOrHead("Info")]
    public IActionResult Info() =>
        new OmeJsonBytesResult(answers.For(appliance.State, static state =>
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(InfoBody.From(state), OmeJson.Options)));
}
