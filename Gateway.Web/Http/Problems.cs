using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Http;

/// <summary>Every error the gateway itself answers is an RFC 9457 problem+json body.</summary>
public static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        // The trace id is given here for a client that accepts no JSON, whose body the framework writes without
        // its problem service; for the others that service replaces it, and AddGateway (Hosting/GatewayServices.cs) puts it back.
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, instance: context.Request.Path,
                type: ProblemTypes.For(status), extensions: new Dictionary<string, object?> { ["traceId"] = RequestTraceId.Of(context) })
            .ExecuteAsync(context);
    }
}
