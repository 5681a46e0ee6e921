namespace OmeSim.Http;

/// <summary>An answer serialized once and served as bytes.</summary>
public sealed class OmeJsonBytesResult(byte[] bytes, int status = StatusCodes.Status200OK) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => OmeResponses.WriteJsonBytesAsync(context.HttpContext, status, bytes);
}
