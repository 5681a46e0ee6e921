using OmeSim.Harness;

namespace OmeSim.Http;

/// <summary>
/// Before authentication, so that any call can fail on demand: the first fault rule that fires for the request waits,
/// then drops the connection or answers its OME error; a delay-only rule lets the request through afterwards. The
/// delay runs on the host's clock (<paramref name="hostTime"/>), not on the appliance's OME clock.
/// </summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultRules faults, TimeProvider hostTime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (faults.Match(context.Request.Method, context.Request.Path.Value ?? "/") is not { } action)
        {
            await next(context);
            return;
        }
        context.Items[JournalMiddleware.FaultKey] = action.RuleId;
        if (action.DelayMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(action.DelayMs), hostTime, context.RequestAborted);
        }
        if (action.Drop)
        {
            context.Abort();
            return;
        }
        if (action.Error is { } error)
        {
            await OmeResponses.WriteErrorAsync(context, error);
            return;
        }
        await next(context);
    }
}
