using Microsoft.AspNetCore.Mvc;
using OmeSim.Core.Appliances;
using OmeSim.Core.Messages;
using OmeSim.Http;

namespace OmeSim.OmeApi.Sessions;

[Route("api/SessionService")]
public sealed class SessionController(Appliance appliance, RequestBodyReader body) : ControllerBase
{
    private const string SessionCollectionContext = "/api/$metadata#Collection(SessionService.Session)";
    private const string ConfigurationCollectionContext = "/api/$metadata#Collection(SessionService.SessionConfiguration)";

    [HttpPost("Sessions")]
    public async Task<IActionResult> Create()
    {
        var request = await body.ReadJsonAsync<SessionRequest>(Request);
        var ip = HttpContext.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "127.0.0.1";
        var (session, error) = appliance.OpenSession(request.UserName, request.Password, request.SessionType, ip);
        if (error is not null)
        {
            return new OmeErrorResult(error);
        }
        Response.Headers["X-Auth-Token"] = session!.Token;
        Response.Headers.Location = SessionBody.PathOf(session.Id);
        return new OmeJsonResult(SessionBody.From(session), StatusCodes.Status201Created);
    }

    [HttpGetOrHead("Sessions")]
    public IActionResult List() =>
        new OmeJsonResult(new ODataCollection<SessionBody>(SessionCollectionContext, [.. appliance.Sessions.List().Select(SessionBody.From)]));

    [HttpGetOrHead("Sessions('{id}')")]
    public IActionResult Get(string id) =>
        appliance.Sessions.Find(id) is { } session
            ? new OmeJsonResult(SessionBody.From(session))
            : new OmeErrorResult(OmeError.Of(MessageRegistry.CGEN1006));

    [HttpDelete("Sessions('{id}')")]
    public IActionResult Delete(string id) =>
        appliance.Sessions.Delete(id) ? NoContent() : new OmeErrorResult(OmeError.Of(MessageRegistry.CGEN1006));

    [HttpGetOrHead("SessionConfiguration")]
    public IActionResult Configuration() =>
        new OmeJsonResult(new ODataCollection<SessionConfigurationBody>(ConfigurationCollectionContext,
            SessionConfigurationBody.For(appliance.Sessions.Limits)));
}
