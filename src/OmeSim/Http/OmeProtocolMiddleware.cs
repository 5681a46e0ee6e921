using Microsoft.AspNetCore.Http.Features;
using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>
/// What OME's Apache + Tomcat AJP front end does to every answer: the status number as reason phrase
/// (Dell's Ansible integration tests expect "HTTP Error 400: 400"), and OME's error JSON for anything
/// that goes wrong below, never a stack trace or an empty 404/405.
/// </summary>
public sealed class OmeProtocolMiddleware(RequestDelegate next, ILogger<OmeProtocolMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var ctx = (HttpContext)state;
            var feature = ctx.Features.Get<IHttpResponseFeature>();
            if (feature is not null)
            {
                feature.ReasonPhrase = ctx.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return Task.CompletedTask;
        }, context);

        try
        {
            await next(context);
        }
        catch (OmeErrorException e) when (!context.Response.HasStarted)
        {
            await OmeResponses.WriteErrorAsync(context, e.Error);
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await OmeResponses.WriteErrorAsync(context, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? OmeError.Of(MessageRegistry.CGEN1008, MessageArgs.BodyTooLarge).WithStatus(StatusCodes.Status413PayloadTooLarge)
                : OmeError.Of(MessageRegistry.CGEN6002, "body"));
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            var internalError = OmeError.Of(MessageRegistry.CGEN1008, "Internal error.").WithStatus(StatusCodes.Status500InternalServerError);
            await OmeResponses.WriteErrorAsync(context, internalError);
            return;
        }

        if (!context.Response.HasStarted && context.Response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
        {
            var status = context.Response.StatusCode;
            context.Response.Headers.Allow = default;
            await OmeResponses.WriteErrorAsync(context, OmeError.Of(MessageRegistry.CGEN1006).WithStatus(status));
        }
    }
}
