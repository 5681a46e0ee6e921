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

    /// <summary>Writes <paramref name="error"/>'s envelope, or <paramref name="body"/> (one that carries it), with its status.</summary>
    public static Task WriteErrorAsync(HttpContext context, OmeError error, object? body = null)
    {
        context.Items[JournalKeys.MessageId] = error.MessageId;
        if (error.HttpStatus == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"OME\"";
        }
        return WriteJsonAsync(context, error.HttpStatus, body ?? error.ToEnvelope());
    }
}
