namespace OmeSim.Http;

/// <summary>MVC results that write through <see cref="OmeResponses"/>.</summary>
public sealed class OmeJsonResult(object body, int status = StatusCodes.Status200OK) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => OmeResponses.WriteJsonAsync(context.HttpContext, status, body);
}
