using Microsoft.AspNetCore.WebUtilities;

namespace OmeSim.Harness.Control;

/// <summary>
/// Every control-plane failure answers <c>{"Error":"..."}</c>: unknown routes, wrong methods and media types, and anything unexpected (never a stack
/// trace).
/// </summary>
public sealed class ControlErrorMiddleware(RequestDelegate next, ILogger<ControlErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Kestrel's own refusals while the body is read: too large (413), too slow (408), cut short (400).
            await ControlError.WriteAsync(context, e.StatusCode, e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => ControlBody.TooLarge,
                StatusCodes.Status408RequestTimeout => "The body came too slowly (under 240 bytes a second); send it at once.",
                _ => "The body could not be read: " + e.Message,
            });
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "Control call {Method} {Path} failed", context.Request.Method, context.Request.Path);
            await ControlError.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal error: " + e.Message);
            return;
        }
        var status = context.Response.StatusCode;
        if (status >= 400 && !context.Response.HasStarted)
        {
            var error = status switch
            {
                StatusCodes.Status404NotFound => $"No control route {context.Request.Path}; see /swagger.",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}; see /swagger.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
                _ => ReasonPhrases.GetReasonPhrase(status),
            };
            await ControlError.WriteAsync(context, status, error);
        }
    }
}
