using System.Text.Json;
using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>Writes OME's answers: JSON with OData headers through the one serializer setting, and the error envelope.</summary>
public static class OmeResponses
{
    public const string JsonContentType = "application/json; odata.metadata=minimal";

    public static Task WriteJsonAsync(HttpContext context, int status, object body) =>
        WriteJsonBytesAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), OmeJson.Options));

    /// <summary>Writes JSON already serialized with <see cref="OmeJson.Options"/> (an answer cached while its source is unchanged).</summary>
    public static async Task WriteJsonBytesAsync(HttpContext context, int status, byte[] bytes)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.Headers["OData-Version"] = "4.0";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, OmeError error)
    {
        context.Items[JournalKeys.MessageId] = error.MessageId;
        if (error.HttpStatus == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"OME\"";
        }
        return WriteJsonAsync(context, error.HttpStatus, error.ToEnvelope());
    }
}

/// <summary>An OME error raised below a controller (body too large, unreadable JSON); the error middleware answers it.</summary>
public sealed class OmeErrorException(OmeError error) : Exception(error.MessageId)
{
    public OmeError Error { get; } = error;
}

/// <summary>Keys of <see cref="HttpContext.Items"/> that the journal reads.</summary>
public static class JournalKeys
{
    public const string MessageId = "omesim.messageId";
    public const string AuthKind = "omesim.auth";
}

/// <summary>MVC results that write through <see cref="OmeResponses"/>.</summary>
public sealed class OmeJsonResult(object body, int status = StatusCodes.Status200OK) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => OmeResponses.WriteJsonAsync(context.HttpContext, status, body);
}

/// <summary>An answer serialized once and served as bytes.</summary>
public sealed class OmeJsonBytesResult(byte[] bytes, int status = StatusCodes.Status200OK) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => OmeResponses.WriteJsonBytesAsync(context.HttpContext, status, bytes);
}

public sealed class OmeErrorResult(OmeError error) : Microsoft.AspNetCore.Mvc.IActionResult
{
    public Task ExecuteResultAsync(Microsoft.AspNetCore.Mvc.ActionContext context) => OmeResponses.WriteErrorAsync(context.HttpContext, error);
}

/// <summary>
/// A GET route that answers HEAD as well, as OME's Java web stack does for every GET resource (RFC 9110 §9.3.2):
/// the same status and headers, no body (Kestrel drops it).
/// </summary>
public sealed class HttpGetOrHeadAttribute(string template) : Microsoft.AspNetCore.Mvc.Routing.HttpMethodAttribute(["GET", "HEAD"], template);
