using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Forwarding;

/// <summary>The client's answer when the upstream could not give one.</summary>
public static class ForwardErrors
{
    public static Refusal RefusalFor(string routeId, ForwardResult result) => result.Outcome switch
    {
        ForwardOutcome.TimedOut => new Refusal(StatusCodes.Status504GatewayTimeout,
            "Upstream timed out", $"The upstream of route '{routeId}' did not answer within its call timeout."),
        ForwardOutcome.ConnectFailed => new Refusal(StatusCodes.Status502BadGateway,
            "Upstream unreachable", $"The upstream of route '{routeId}' could not be reached."),
        ForwardOutcome.UpstreamFailed => new Refusal(StatusCodes.Status502BadGateway,
            "Upstream failed", $"The upstream of route '{routeId}' broke off the exchange."),
        ForwardOutcome.ClientBodyFailed => new Refusal(result.StatusCode,
            result.StatusCode == StatusCodes.Status408RequestTimeout ? "Request body too slow" : "Bad request body",
            result.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The request body arrived more slowly than the minimum data rate."
                : $"The request body could not be read: {result.Error}"),
        // Nobody is listening any more; there is nothing to write.
        _ => Refusal.ClientGone,
    };
}
