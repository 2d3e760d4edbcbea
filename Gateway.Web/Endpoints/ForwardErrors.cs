using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Endpoints;

/// <summary>The client's answer when the upstream could not give one.</summary>
public static class ForwardErrors
{
    public static Task WriteAsync(HttpContext context, string routeId, ForwardResult result) => result.Outcome switch
    {
        ForwardOutcome.TimedOut => Problems.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
            "Upstream timed out", $"The upstream of route '{routeId}' did not answer within its call timeout."),
        ForwardOutcome.ConnectFailed => Problems.WriteAsync(context, StatusCodes.Status502BadGateway,
            "Upstream unreachable", $"The upstream of route '{routeId}' could not be reached."),
        ForwardOutcome.UpstreamFailed => Problems.WriteAsync(context, StatusCodes.Status502BadGateway,
            "Upstream failed", $"The upstream of route '{routeId}' broke off the exchange."),
        ForwardOutcome.ClientBodyFailed => Problems.WriteAsync(context, result.StatusCode,
            result.StatusCode == StatusCodes.Status408RequestTimeout ? "Request body too slow" : "Bad request body",
            result.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The request body arrived more slowly than the minimum data rate."
                : $"The request body could not be read: {result.Error}"),
        // Nobody is listening any more; there is nothing to write.
        _ => Task.CompletedTask,
    };
}
