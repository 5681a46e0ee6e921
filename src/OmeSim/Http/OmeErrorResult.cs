using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>An MVC result that answers an OME error through <see cref="OmeResponses"/>: its envelope, or a body that carries it.</summary>
public sealed class OmeErrorResult(OmeError error, object? body = null) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => OmeResponses.WriteErrorAsync(context.HttpContext, error, body);
}
