using System.Text.Json;
using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>An MVC result that answers an OME error envelope through <see cref="OmeResponses"/>.</summary>
public sealed class OmeErrorResult(OmeError error) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => OmeResponses.WriteErrorAsync(context.HttpContext, error);
}
